import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { HttpProblem, problem, sendProblem, toProblem } from './errors.js';
import { auditHttpRefusal, refusePurposeInUrl } from './refusals.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { caseRoutes } from './routes/cases.js';
import { personRoutes } from './routes/persons.js';
import { redressRoutes } from './routes/redress.js';
import { reportRoutes } from './routes/reports.js';
import { reviewRoutes } from './routes/reviews.js';
import { sessionRoutes } from './routes/sessions.js';
import { sourceRoutes } from './routes/sources.js';
import { Problem } from './schemas.js';
import { sendWebFile } from './static-files.js';

export type ApiOptions = {
  /** The built web UI to serve at / (packages/web/dist); API only when absent. */
  webRoot?: string | undefined;
  /** Fastify's pino logger: off in tests, on for `ilos serve`. */
  logger?: boolean | { level: string };
  /** Trust X-Forwarded-For from a reverse proxy (a deployment behind one sets this). */
  trustProxy?: boolean;
};

/**
 * The HTTP API (DESIGN.md §5) over the same use cases the CLI calls: one route file per resource, one
 * error shape (RFC 9457), OpenAPI at /api/openapi.json from the schemas that validate each request, and
 * docs at /api/docs served by the app itself (they work offline). Tests call `app.inject()`.
 */
export async function createApi(ctx: Context, options: ApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(Problem);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ilos API',
        version: '0.1.0',
        description:
          'Immigration Lifecycle Operating System. Log in with POST /api/sessions (an HttpOnly cookie). ' +
          'Every person-level call names a purpose and the case or task it is bound to, in the body; ' +
          'every such read is written to the audit trail. Errors are RFC 9457 problem details.',
      },
      tags: ['sessions', 'persons', 'cases', 'reviews', 'redress', 'reports', 'sources', 'audit'].map(
        (name) => ({ name }),
      ),
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ilos_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs'))
      reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler(async (error, request, reply) => {
    const p = toProblem(error, request);
    await auditHttpRefusal(ctx, request, error, p); // T6.6: every refusal leaves a denied row
    return sendProblem(reply, p);
  });
  app.addHook('preValidation', refusePurposeInUrl); // T8.1: never a purpose in the URL
  // RELIABILITY.md T10.3: no request body nests deeper than any schema of ours needs.
  app.addHook('preValidation', async (request) => {
    if (nestingOf(request.body) > MAX_JSON_DEPTH)
      throw new HttpProblem(
        400,
        'invalid_input',
        `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    // RELIABILITY.md T10.4: PostgreSQL stores neither U+0000 nor an unpaired surrogate in text or jsonb.
    if ([request.body, request.query, request.params].some(hasUnstorableText))
      throw new HttpProblem(400, 'invalid_input', 'text may not contain U+0000 or an unpaired surrogate');
  });

  const webRoot = options.webRoot === undefined ? undefined : resolve(options.webRoot);
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    if (!isApi && webRoot !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
      if (await sendWebFile(webRoot, request, reply)) return reply;
    }
    return sendProblem(
      reply,
      problem('not_found', 404, `no route ${request.method} ${request.url.split('?')[0]}`),
    );
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(sessionRoutes(ctx));
  await app.register(personRoutes(ctx));
  await app.register(approvalRoutes(ctx));
  await app.register(reviewRoutes(ctx));
  await app.register(reportRoutes(ctx));
  await app.register(sourceRoutes(ctx));
  await app.register(caseRoutes(ctx));
  await app.register(redressRoutes(ctx));
  await app.register(auditRoutes(ctx));
  await app.ready();
  return app;
}

const MAX_JSON_DEPTH = 32;

/** How deeply a parsed JSON value nests (iteratively: a hostile body must not exhaust the stack). */
function nestingOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether any string in a parsed request (keys included) holds text PostgreSQL cannot store. */
function hasUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000') || LONE_SURROGATE.test(v)) return true;
    } else if (v !== null && typeof v === 'object')
      for (const [key, child] of Object.entries(v)) stack.push(key, child);
  }
  return false;
}
