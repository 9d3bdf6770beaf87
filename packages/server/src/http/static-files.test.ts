import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebFile } from './static-files.js';

const INDEX = '<!doctype html>\n<html>\n  <head>\n    <title>ilos</title>\n  </head>\n</html>\n';
const SCRIPT = `export const page = ${JSON.stringify('x'.repeat(4000))};\n`;

describe('the web UI files', () => {
  let app: FastifyInstance;
  let root: string;

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'ilos-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'assets', 'main-abc.js'), SCRIPT);
    writeFileSync(join(root, 'assets', 'main-abc.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(root, 'assets', 'main-abc.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(root, 'assets', 'plain-def.css'), 'body { color: black }\n');
    writeFileSync(join(tmpdir(), 'ilos-web-secret.txt'), 'outside the root');
    app = Fastify();
    await app.register(cookie);
    app.setNotFoundHandler(async (request, reply) => {
      if (await sendWebFile(root, request, reply)) return reply;
      return reply.code(404).send('none');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends the build's brotli copy to a browser that accepts it, gzip to one that accepts only gzip", async () => {
    const br = await get('/assets/main-abc.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);

    const gz = await get('/assets/main-abc.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
  });

  it.each([
    { name: 'no Accept-Encoding', headers: {} },
    { name: 'identity only', headers: { 'accept-encoding': 'identity' } },
    { name: 'br and gzip refused with q=0', headers: { 'accept-encoding': 'br;q=0, gzip;q=0.0, deflate' } },
  ])('sends the file as built with $name', async ({ headers }) => {
    const res = await get('/assets/main-abc.js', headers);

    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBe(SCRIPT);
  });

  it('sends a file the build did not compress as it is, whatever the browser accepts', async () => {
    const res = await get('/assets/plain-def.css', { 'accept-encoding': 'br, gzip' });

    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('body { color: black }\n');
  });

  it('marks the page as having no session when the browser sent no session cookie, and only then', async () => {
    const anonymous = await get('/');
    expect(anonymous.body).toContain('<meta name="ilos-session" content="none" />');
    expect(anonymous.headers['content-security-policy']).toContain("script-src 'self'");
    expect(anonymous.headers['cache-control']).toBe('no-cache');
    expect(anonymous.headers.vary).toBe('cookie');

    const loggedIn = await get('/', { cookie: 'ilos_session=some-token' });
    expect(loggedIn.body).toBe(INDEX);
    expect(loggedIn.body).not.toContain('ilos-session');
  });

  it('answers any other path with the page (the single-page app routes) and never a file outside the root', async () => {
    for (const url of [
      '/search',
      '/../ilos-web-secret.txt',
      '/assets/../../ilos-web-secret.txt',
      '/%2e%2e/ilos-web-secret.txt',
    ]) {
      const res = await get(url, { cookie: 'ilos_session=t' });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
    }
  });
});
