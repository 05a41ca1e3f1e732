#!/usr/bin/env node
// `npm start`: compile with swc and run the API. No configuration needed: with no DATABASE_URL an
// embedded PostgreSQL starts with its data in .data/ (git-ignored). `npm start -- projector` runs
// another app of apps/.
const path = require('node:path');
const { compile, root } = require('./compile');

const app = process.argv[2] || 'api';
compile();
process.chdir(root);
require(path.join(root, 'dist', 'apps', app, 'src', 'main.js'));
