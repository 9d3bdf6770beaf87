import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A PGlite data folder just made by initdb, kept as a tarball so later stores start from it instead of
 * running initdb again (PostgreSQL's own test suite keeps a template data directory for the same
 * reason; ADR 0008). initdb in WASM costs seconds and most of a gigabyte; unpacking the template
 * costs a fraction of that. The first new store on a machine makes it. It is keyed by the PGlite
 * version and checked by its SHA-256 before use: a missing, stale or damaged template only means
 * initdb runs again. It is taken before any migration, so it holds no schema and no data (the audit
 * log's id, made by a migration, stays unique to each store).
 */
export type PgliteTemplate = {
  /** The template to start from, or undefined to run initdb. */
  load: () => Blob | undefined;
  /** Keeps the dump of a data folder initdb has just made. Never throws: a cache is optional. */
  save: (dump: Blob) => Promise<void>;
};

export function pgliteTemplate(cacheDir: string): PgliteTemplate {
  const file = join(cacheDir, `pglite-${pgliteVersion()}-initdb.tar.gz`);
  const digestFile = `${file}.sha256`;
  return {
    load() {
      if (!existsSync(file) || !existsSync(digestFile)) return undefined;
      try {
        const bytes = readFileSync(file);
        if (sha256(bytes) !== readFileSync(digestFile, 'utf8').trim()) return undefined;
        return new Blob([bytes]);
      } catch {
        return undefined;
      }
    },
    async save(dump) {
      try {
        const bytes = Buffer.from(await dump.arrayBuffer());
        mkdirSync(cacheDir, { recursive: true });
        // Written beside, then renamed: a reader sees the whole file or none.
        const part = `${file}.${process.pid}.part`;
        writeFileSync(part, bytes);
        renameSync(part, file);
        writeFileSync(`${digestFile}.${process.pid}.part`, sha256(bytes));
        renameSync(`${digestFile}.${process.pid}.part`, digestFile);
      } catch {
        // No cache, no harm: the next store runs initdb as this one did.
      }
    },
  };
}

/** The installed PGlite's version (its package.json is not exported, so it is read beside its entry). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
