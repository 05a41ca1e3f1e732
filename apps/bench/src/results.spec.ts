import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Issue 15: the bench's result files are committed under bench-results/ only for the runs the README
// cites. A run writes bench-<stamp>.json and .md (and -profile.md with --profile); the folder is
// git-ignored, so a cited run is added with `git add -f`, and older rounds' files live in the history
// (docs/performance.md says how to read them).

const root = path.resolve(__dirname, '../../..');
const FILE = /bench-results\/(bench-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d)(?:-profile)?\.(?:json|md|txt))/g;
const STAMP = /^bench-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d)/;

function committedResults(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--', 'bench-results'], { cwd: root, encoding: 'utf8' });
    return out
      .split('\0')
      .filter(Boolean)
      .map((f) => path.posix.basename(f));
  } catch {
    // not a git checkout (an unpacked archive): what the folder holds is what was shipped
    const dir = path.join(root, 'bench-results');
    return existsSync(dir) ? readdirSync(dir) : [];
  }
}

function citedInReadme(): { files: Set<string>; stamps: Set<string> } {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const files = new Set<string>();
  const stamps = new Set<string>();
  for (const m of readme.matchAll(FILE)) {
    files.add(m[1]);
    stamps.add(m[2]);
  }
  return { files, stamps };
}

describe('bench-results/ holds the runs the README cites, and only those', () => {
  const committed = committedResults();
  const { files, stamps } = citedInReadme();

  it('the README cites at least one run (the pattern still reads it)', () => {
    expect(files.size).toBeGreaterThan(0);
  });

  it('every result file the README cites is committed', () => {
    const missing = [...files].filter((f) => !committed.includes(f));
    expect(missing).toEqual([]);
  });

  it('every committed file belongs to a run the README cites', () => {
    const uncited = committed.filter((f) => {
      const stamp = STAMP.exec(f)?.[1];
      return stamp === undefined || !stamps.has(stamp);
    });
    expect(uncited).toEqual([]);
  });
});
