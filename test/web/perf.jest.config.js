// `npm run web:perf`: the integration project of jest.config.js, running only the Fast 3G measurement
// (kept out of `npm test`: it reports a figure, it asserts none).
const path = require('node:path');
const base = require('../../jest.config');
const integration = base.projects.find((p) => p.displayName === 'integration');

module.exports = {
  ...integration,
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'web-perf',
  testMatch: ['<rootDir>/test/web/fast3g.perf-spec.ts'],
  testTimeout: 300000,
};
