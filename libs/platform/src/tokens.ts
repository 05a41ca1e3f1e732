/** Injection tokens for the process-wide resources created before Nest starts. */
export const RUNTIME = Symbol('RUNTIME');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const PG_POOL = Symbol('PG_POOL');
export const APP_CONFIG = Symbol('APP_CONFIG');
