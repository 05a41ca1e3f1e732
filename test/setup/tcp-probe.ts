import { spawnSync } from 'node:child_process';

/**
 * Why a server cannot be reached (a TCP connect within 2 s), or undefined when it can. Jest collects
 * tests synchronously, so the probe runs in a child process; specs of optional servers use it to
 * report themselves as skipped with the reason.
 */
export function whyUnreachable(host: string, port: number): string | undefined {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `
    const s = require('node:net').connect({ host: ${JSON.stringify(host)}, port: ${Number(port)} });
    s.setTimeout(2000, () => { console.log('no answer within 2 s'); process.exit(1); });
    s.on('connect', () => process.exit(0));
    s.on('error', (e) => { console.log(e.code || e.message); process.exit(1); });
  `,
    ],
    { encoding: 'utf8', timeout: 5000 },
  );
  return probe.status === 0 ? undefined : probe.stdout.trim() || 'probe failed';
}
