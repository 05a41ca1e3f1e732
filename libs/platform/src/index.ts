export * from './cli';
export * from './config';
export * from './embedded-postgres';
export * from './runtime';
export * from './tokens';
export * from './runtime.module';
export * from './dev-secret';
export * from './route-access';
