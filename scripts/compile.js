// Compiles apps/ and libs/ to dist/ with swc (about a second); used by npm start and the CLI scripts.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function compile() {
  execFileSync(process.execPath, [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', 'dist', '--copy-files', '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
}

module.exports = { compile, root };
