import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a sibling module. When the CLI runs from its TypeScript sources (ADR 0003)
 * the worker registers tsx first: loader hooks are not inherited by workers on Node 20.
 * `moduleBase` is the module's path relative to the caller, without extension (`./x-worker`): `.ts`
 * when the caller itself runs as a `.ts` file, else `.js`.
 */
export function startWorker(
  callerUrl: string,
  moduleBase: string,
  options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {},
): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`${moduleBase}.js`, callerUrl), options);
  const tsx =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : `file://${createRequire(callerUrl)
          .resolve('tsx/esm/api')
          .replace(/\.cjs$/, '.mjs')}`;
  const entry = new URL(`${moduleBase}.ts`, callerUrl).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { ...options, eval: true });
}
