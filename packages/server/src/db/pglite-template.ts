import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A PGlite data folder just made by initdb, kept so later stores start from a copy of it instead of
 * running initdb again (PostgreSQL's own test suite keeps a template data directory for the same
 * reason; ADR 0008). initdb in WASM costs seconds and most of a gigabyte; copying the folder costs a
 * fraction of a second. The first new store on a machine makes it. It is keyed by the PGlite version
 * and checked against a digest of its files' paths and sizes before use: a missing, stale or damaged template only means
 * initdb runs again. It is taken before any migration, so it holds no schema and no data (the audit
 * log's id, made by a migration, stays unique to each store).
 */
export type PgliteTemplate = {
  /** Copies the template into `dataDir` (which holds no database yet); false when there is none to use. */
  copyInto: (dataDir: string) => boolean;
  /** Keeps a copy of `dataDir`, a folder initdb has just made and PGlite has closed. Never throws. */
  keep: (dataDir: string) => void;
};

export function pgliteTemplate(cacheDir: string): PgliteTemplate {
  const dir = join(cacheDir, `pglite-${pgliteVersion()}-initdb`);
  const digestFile = `${dir}.sha256`;
  return {
    copyInto(dataDir) {
      try {
        if (!existsSync(digestFile) || digestOf(dir) !== readFileSync(digestFile, 'utf8').trim())
          return false;
        cpSync(dir, dataDir, { recursive: true });
        return true;
      } catch {
        return false;
      }
    },
    keep(dataDir) {
      const part = `${dir}.${process.pid}.part`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        rmSync(part, { recursive: true, force: true });
        mkdirSync(part);
        for (const entry of readdirSync(dataDir)) {
          if (DATA_DIR_OWN.has(entry)) continue; // ilos's own files beside the database
          cpSync(join(dataDir, entry), join(part, entry), { recursive: true });
        }
        const digest = digestOf(part);
        // Put in place by rename, the digest last: a reader sees a whole template or none.
        rmSync(digestFile, { force: true });
        rmSync(dir, { recursive: true, force: true });
        renameSync(part, dir);
        writeFileSync(`${digestFile}.${process.pid}.part`, digest);
        renameSync(`${digestFile}.${process.pid}.part`, digestFile);
      } catch {
        rmSync(part, { recursive: true, force: true }); // no cache, no harm: the next store runs initdb
      }
    },
  };
}

/** What ilos keeps in a data folder besides PostgreSQL's files: never part of a template. */
const DATA_DIR_OWN = new Set(['ilos.lock', 'audit-signing.key', 'audit-public.key', 'demo']);

/**
 * SHA-256 over every file's relative path and size, in sorted order: enough to tell a whole template
 * from one cut short or half-deleted (reading all 39 MB each time would cost more than initdb saves).
 */
function digestOf(root: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    const entries = readdirSync(join(root, relative), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else hash.update(`${path}\t${statSync(join(root, path)).size}\n`);
    }
  };
  walk('');
  return hash.digest('hex');
}

/** The installed PGlite's version (its package.json is not exported, so it is read beside its entry). */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
