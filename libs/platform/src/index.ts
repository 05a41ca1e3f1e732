export * from './config';
export * from './embedded-postgres';
