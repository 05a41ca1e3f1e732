export * from './events';
export * from './commands';
export * from './state';
export * from './errors';
export * from './policy';
export * from './decide';
export * from './evolve';
export * from './decider';
