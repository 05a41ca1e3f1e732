#!/usr/bin/env node
// Runs a compiled command-line entry of apps/: `node scripts/run.js projector/src/rebuild all`.
const path = require('node:path');
const { compile, root } = require('./compile');

const entry = process.argv[2];
compile();
process.chdir(root);
process.argv.splice(2, 1);
require(path.join(root, 'dist', 'apps', `${entry}.js`));
