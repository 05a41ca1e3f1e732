import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, extra?: string): void;
  stop(): void;
}

/** A bar on a terminal; a line every few seconds otherwise (CI logs, redirected output). */
export function progress(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {extra} | ETA {eta_formatted}`,
        hideCursor: true,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total, extra = '') => {
        if (!started) {
          bar.start(total, done, { extra });
          started = true;
        } else bar.update(done, { extra });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update: (done, total, extra = '') => {
      if (Date.now() - last < 5000 && done < total) return;
      last = Date.now();
      process.stderr.write(`${label}: ${done}/${total} ${extra}\n`);
    },
    stop: () => undefined,
  };
}
