import { readFile, writeFile } from 'node:fs/promises';
import { BenchReport, evaluateTargets, renderMarkdown, renderText } from './report';

const USAGE = `npm run bench:render -- bench-results/bench-<stamp>.json

Reads a saved run, states its targets again with this checkout's rules (report.ts) and rewrites
its .json and .md beside it: the measurements are not touched, only how they are judged, so a
rule fixed after a long run (the --full run takes about 40 minutes) does not need the run again.`;

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || file === '--help' || !file.endsWith('.json')) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = file === '--help' ? 0 : 2;
    return;
  }
  const report = JSON.parse(await readFile(file, 'utf8')) as BenchReport;
  report.targets = evaluateTargets(report);
  await writeFile(file, JSON.stringify(report, null, 2));
  await writeFile(file.replace(/\.json$/, '.md'), renderMarkdown(report));
  console.log(renderText(report));
}

void main();
