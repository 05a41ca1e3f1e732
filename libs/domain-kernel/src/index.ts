// What the deciders share and nothing else: plain TypeScript, no framework (ESLint).
export * from './domain-error';
