import cliProgress from 'cli-progress';
import type { Io } from './io.js';

/** A progress bar on a terminal, nothing elsewhere (CI logs and pipes stay clean). */
export function progressBar(
  io: Io,
  label: string,
  total: number,
  unit = 'B',
): { update: (n: number) => void; stop: () => void } {
  if (!io.isTty || total <= 0) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% · {value}/{total} ${unit} · {eta_formatted} left`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n) => bar.update(n), stop: () => bar.stop() };
}
