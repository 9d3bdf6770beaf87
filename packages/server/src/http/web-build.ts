import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/web, beside this package in the repository. */
export const WEB_DIR = fileURLToPath(new URL('../../../web', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web UI with Vite's JS API when dist/ is missing or older than its sources or its Vite
 * configuration (ADR 0030), so `npm ci && npm start` needs no build step of its own. About 2 s; a no-op
 * when the build is current.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<string | undefined> {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(join(WEB_DIR, 'index.html'))) return existsSync(index) ? WEB_DIST : undefined;
  const sources = Math.max(
    newestSource(join(WEB_DIR, 'src')),
    ...['index.html', 'vite.config.ts'].map((file) => statSync(join(WEB_DIR, file)).mtimeMs),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return WEB_DIST;
  log('building the web UI (vite build)…');
  const started = performance.now();
  const { build } = await import('vite');
  await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  log(`web UI built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return WEB_DIST;
}
