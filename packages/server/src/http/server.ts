import { startSequencer } from '../audit/sequencer.js';
import type { Context } from '../context.js';
import { createApi } from './api.js';
import { ensureWebBuild } from './web-build.js';

export type ServeOptions = { host: string; port: number; log?: (line: string) => void };

/**
 * Serves the API and the built web UI until SIGINT/SIGTERM, then closes the server (the caller closes
 * the context). Resolves with the URL once listening and a `closed` promise for the caller to await.
 */
export async function serveApi(
  ctx: Context,
  options: ServeOptions,
): Promise<{ url: string; closed: Promise<void>; close: () => Promise<void> }> {
  const webRoot = await ensureWebBuild(options.log);
  const app = await createApi(ctx, { webRoot, logger: { level: 'warn' } });
  await app.listen({ host: options.host, port: options.port });
  // A server writes audit rows all day: they are sequenced and signed within the MMD, not at exit (ADR 0010).
  const sequencer = startSequencer(ctx, 1000, (error) =>
    options.log?.(`audit sequencer: ${(error as Error).message} (the next round tries again)`),
  );
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${options.port}`;
  let resolveClosed = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  const close = async () => {
    process.off('SIGINT', close);
    process.off('SIGTERM', close);
    await app.close();
    await sequencer.stop();
    resolveClosed();
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  return { url, closed, close };
}
