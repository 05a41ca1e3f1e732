export * from './facts';
export * from './weights';
export * from './period';
export * from './assess';
export * from './totals';
