/** Where a command writes. Tests pass an in-memory Io; the bin passes the process's streams. */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stderr is a terminal, so progress bars are worth drawing. */
  isTty: boolean;
};

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTty: Boolean(process.stderr.isTTY),
};

/** An Io that keeps every line, for tests. */
export function memoryIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { out: (l) => lines.push(l), err: (l) => errors.push(l), isTty: false, lines, errors };
}
