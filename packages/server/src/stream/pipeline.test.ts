import { describe, expect, it } from 'vitest';
import { Pipeline } from './pipeline.js';

const fail = (code: string, afterMs: number) =>
  new Promise<never>((_, reject) =>
    setTimeout(() => reject(Object.assign(new Error(code), { code })), afterMs),
  );
const succeed = <T>(value: T, afterMs: number) =>
  new Promise<T>((done) => setTimeout(() => done(value), afterMs));

describe('Pipeline', () => {
  it('reports the first failure in issue order, not the first to arrive', async () => {
    const pipeline = new Pipeline();
    pipeline.add(succeed(1, 1));
    pipeline.add(fail('40P01', 20)); // the cause (a deadlock)
    pipeline.add(fail('25P02', 1)); // "current transaction is aborted", answered earlier here
    const cause = await pipeline.rootCause();
    expect(cause?.error).toMatchObject({ code: '40P01' });
    await expect(pipeline.settle()).rejects.toMatchObject({ code: '40P01' });
  });

  it('settles quietly when every statement succeeded, and returns each statement its own result', async () => {
    const pipeline = new Pipeline();
    const a = pipeline.add(succeed('a', 5));
    const b = pipeline.add(succeed('b', 1));
    await expect(pipeline.settle()).resolves.toBeUndefined();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(await pipeline.rootCause()).toBeUndefined();
  });

  it('keeps a failure nobody awaited from becoming an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const pipeline = new Pipeline();
      pipeline.add(fail('23505', 1));
      await succeed(null, 30);
      expect(unhandled).toEqual([]);
      await expect(pipeline.settle()).rejects.toMatchObject({ code: '23505' });
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
