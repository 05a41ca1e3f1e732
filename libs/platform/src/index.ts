export * from './cli';
export * from './config';
export * from './embedded-postgres';
export * from './runtime';
