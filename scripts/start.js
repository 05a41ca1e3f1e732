#!/usr/bin/env node
// `npm start`: compile with swc and run the API. No configuration needed: with no DATABASE_URL an
// embedded PostgreSQL starts with its data in .data/ (git-ignored). `npm start -- projector` runs
// another app of apps/. The API also serves the screens (apps/web), built here when stale.
const path = require('node:path');
const { compile, root } = require('./compile');

const app = process.argv[2] || 'api';
compile();
// The screens the API serves at / and /console: built when missing or older than apps/web (~3 s).
if (app === 'api') require('./build-web').buildWeb({ force: false });
process.chdir(root);
require(path.join(root, 'dist', 'apps', app, 'src', 'main.js'));
