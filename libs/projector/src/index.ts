export * from './projection';
export * from './checkpoints';
export * from './projector';
