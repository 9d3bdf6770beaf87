import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

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

/**
 * A tiny static handler for the built web UI (packages/web/dist): a file under root, or index.html for
 * any other path so the single-page app's routes work on reload. Never serves outside root.
 */
export async function sendWebFile(root: string, urlPath: string, reply: FastifyReply): Promise<boolean> {
  const path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const wanted = normalize(join(root, path));
  const inside = wanted === root || wanted.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  let file = inside ? wanted : join(root, 'index.html');
  try {
    if (!(await stat(file)).isFile()) file = join(root, 'index.html');
  } catch {
    file = join(root, 'index.html');
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  reply.type(type);
  if (file.endsWith('index.html')) {
    reply.header('content-security-policy', CSP).header('cache-control', 'no-cache');
  } else if (file.includes(`${sep}assets${sep}`)) {
    reply.header('cache-control', 'public, max-age=31536000, immutable');
  }
  await reply.send(body);
  return true;
}
