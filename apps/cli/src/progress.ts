import cliProgress from 'cli-progress';
import { formatBytes, formatCount } from './output';

/** A progress bar on stderr, or nothing at all when stderr is not a terminal. */
export interface Progress {
  /** Sets how far along the work is, and the total when it became known. */
  update(done: number, total?: number): void;
  /** Removes the bar. */
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar for `label` (e.g. "Uploading"), counting bytes or rows. Only on a terminal:
 * redirected stderr (a log file, CI) gets no bar characters.
 */
export function startProgress(label: string, unit: 'bytes' | 'rows', total: number): Progress {
  if (process.stderr.isTTY !== true) return SILENT;
  const show = unit === 'bytes' ? formatBytes : formatCount;
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label.padEnd(10)} [{bar}] {percentage}% | {shown} / {shownTotal}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let currentTotal = total;
  bar.start(Math.max(total, 1), 0, { shown: show(0), shownTotal: show(total) });
  return {
    update(done, newTotal) {
      if (newTotal !== undefined && newTotal !== currentTotal) {
        currentTotal = newTotal;
        bar.setTotal(Math.max(newTotal, 1));
      }
      bar.update(done, { shown: show(done), shownTotal: show(currentTotal) });
    },
    stop() {
      bar.stop();
    },
  };
}
