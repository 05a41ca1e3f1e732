export * from './consultation-command-runner';
export * from './petition-command-runner';
export * from './petition-commands.module';
export * from './petition-storage.module';
export * from './survey-command-runner';
export * from './conflict-retry';
