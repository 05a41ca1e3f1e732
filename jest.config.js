// Plain JS config: a jest.config.ts costs ~2.5 s per run (Jest loads it through ts-node).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@wenzheng/([a-z-]+)$': '<rootDir>/libs/$1/src',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  testTimeout: 60000,
  // Two workers, each with a PostgreSQL server of its own (test/setup/global-setup.ts): most of a
  // spec's time is spent waiting on the server or a browser, so two halve the suite on two cores.
  // With DATABASE_URL both would share one server, and a transaction one spec holds open on purpose
  // would hold back the other's reads of the log: one worker then.
  // Three on two cores: a spec waits on its server, PostgreSQL or Chromium much of the time, and a third
  // worker fills those waits: CI's whole Jest run 852 s against 947 with two (2026-12-07, a larger suite).
  // Timing-paced specs were given room for the busier machine (harness, perf-attack-s6-rebuild-resume).
  maxWorkers: process.env.DATABASE_URL ? 1 : 3,
  // A worker's heap grows with each spec file (Jest's module registry; 980 MB after test/http alone);
  // a worker past 400 MB after a file is replaced by a fresh one: test/http 223 s → 215 s here.
  workerIdleMemoryLimit: '400MB',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      // The screens' tests run under Vitest (apps/web/vitest.config.ts), on the build's own Vite config.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
