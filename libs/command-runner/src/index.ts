export * from './consultation-command-runner';
export * from './petition-command-runner';
export * from './petition-commands.module';
export * from './petition-storage.module';
