export * from './projection';
export * from './checkpoints';
export * from './projector';
export * from './rebuild';
export * from './lag';
export * from './columns';
export * from './single-stream-projection';
export * from './stream-row-projection';
