import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@ilos/core';

/**
 * PGlite does not lock its data folder, and a second process opening it corrupts it (ECOSYSTEM.md).
 * So ilos holds its own lock file: a pid file, taken atomically, with a liveness check so a lock
 * left by a killed process is taken over rather than blocking forever.
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'ilos.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new AppError(
          'conflict',
          `the data folder ${dir} is in use by another ilos process (pid ${holder}); stop it first, or use --data to pick another folder`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError('conflict', `could not lock the data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
