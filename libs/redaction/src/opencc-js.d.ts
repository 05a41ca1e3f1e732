// opencc-js's traditional-to-simplified entry (a tenth of the full one's size) has the full entry's types;
// TypeScript's "node" resolution here does not read the package's "exports", which name it.
declare module 'opencc-js/t2cn' {
  export * from 'opencc-js';
}
