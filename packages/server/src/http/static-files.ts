import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenOf } from './session.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The UI's content security policy: everything from this origin, nothing inline but styles. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The files the build compresses (packages/web/vite.config.ts): their answer varies by Accept-Encoding. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/** The encodings the build writes beside each text file (packages/web/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * A tiny static handler for the built web UI (packages/web/dist): a file under root, or index.html for
 * any other path so the single-page app's routes work on reload. Never serves outside root. A file the
 * build compressed goes out compressed when the browser accepts it (no compression work per request);
 * index.html is never compressed (it is small, and varies by the session cookie).
 */
export async function sendWebFile(
  root: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
  const wanted = normalize(join(root, path));
  const inside = wanted === root || wanted.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  let file = inside ? wanted : join(root, 'index.html');
  try {
    if (!(await stat(file)).isFile()) file = join(root, 'index.html');
  } catch {
    file = join(root, 'index.html');
  }
  const isIndex = file === join(root, 'index.html');
  const compressed = isIndex ? undefined : await readCompressed(file, request.headers['accept-encoding']);
  let body: Buffer;
  try {
    body = compressed?.body ?? (await readFile(file));
  } catch {
    return false;
  }
  if (isIndex && tokenOf(request) === undefined) body = markNoSession(body);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  reply.type(type);
  if (compressed !== undefined) reply.header('content-encoding', compressed.encoding);
  if (COMPRESSIBLE.test(file) && !isIndex) reply.header('vary', 'accept-encoding');
  if (isIndex) {
    reply.header('content-security-policy', CSP).header('cache-control', 'no-cache').header('vary', 'cookie');
  } else if (file.includes(`${sep}assets${sep}`)) {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  }
  await reply.send(body);
  return true;
}

/**
 * The page a request without a session cookie gets says so (a meta tag), so the UI shows the login form
 * at once instead of asking the API who is logged in first (ADR 0033). It tells nothing a cookie-less
 * request does not already know.
 */
function markNoSession(html: Buffer): Buffer {
  return Buffer.from(
    html.toString('utf8').replace('<head>', '<head>\n    <meta name="ilos-session" content="none" />'),
  );
}

/** The build's compressed copy of `file` in the best encoding the request accepts, if there is one. */
async function readCompressed(
  file: string,
  acceptEncoding: string | undefined,
): Promise<{ encoding: string; body: Buffer } | undefined> {
  if (acceptEncoding === undefined) return undefined;
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => q === undefined || !/^\s*q=0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  for (const { name, suffix } of ENCODINGS) {
    if (!accepted.has(name)) continue;
    try {
      return { encoding: name, body: await readFile(`${file}${suffix}`) };
    } catch {} // not compressed at build time (small, binary, or an older build)
  }
  return undefined;
}
