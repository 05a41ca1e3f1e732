// Compiles apps/ and libs/ to dist/ with swc (about a second); used by npm start, the CLI scripts and
// `npm run build` (the production image's compiler: swc rewrites the @wenzheng/* paths to relative requires).
// apps/web is the browser's code, built by Vite (scripts/build-web.js).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/**
 * `out`: another folder than dist/ (scripts/run.js --own-build), laid out as dist/ is (apps/, libs/),
 * always compiled; dist/ itself is compiled once by the integration tests' global setup.
 */
function compile(out) {
  if (!out && process.env.WZ_TEST_DIST_COMPILED === '1') return;
  execFileSync(
    process.execPath,
    [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', out ?? 'dist', '--copy-files', '--quiet', '--ignore', 'apps/web/**'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

module.exports = { compile, root };

if (require.main === module) compile();
