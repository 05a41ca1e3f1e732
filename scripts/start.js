#!/usr/bin/env node
// `npm start`: compile with swc (about a second) and run the API. No configuration needed: with no
// DATABASE_URL an embedded PostgreSQL starts with its data in .data/ (git-ignored).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const app = process.argv[2] || 'api';
execFileSync(process.execPath, [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', 'dist', '--copy-files', '--quiet'], {
  cwd: root,
  stdio: 'inherit',
});
process.chdir(root);
require(path.join(root, 'dist', 'apps', app, 'src', 'main.js'));
