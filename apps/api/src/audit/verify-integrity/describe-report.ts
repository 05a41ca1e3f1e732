import type { IntegrityReport } from './integrity-verifier';

/** The verify report as the CLI prints it. */
export function describeReport(report: IntegrityReport): string {
  const lines = [
    `integrity chain (${report.engine}): ${report.streams} streams, ${report.events} events checked in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (!report.broken.length) {
    lines.push('OK: every link verifies');
    return lines.join('\n');
  }
  lines.push(`BROKEN: ${report.broken.length} stream${report.broken.length === 1 ? '' : 's'} with a broken link`);
  for (const b of report.broken) {
    lines.push(`  ${b.streamId}  revision ${b.revision}  ${b.reason}${b.eventId ? `  event ${b.eventId}` : ''}`);
    lines.push(`    ${b.detail}`);
  }
  return lines.join('\n');
}
