import { AppError } from '@ilos/core';
import { loadConfig, withContext } from '../../context.js';
import { describeDemoLogins, seedDemoUsers } from '../../demo/demo-users.js';
import { serveApi } from '../../http/server.js';
import type { CommandModule } from '../command.js';
import { withDataOption } from '../options.js';

const EXAMPLES = `
Serves the web UI and the HTTP API (OpenAPI at /api/openapi.json, docs at /api/docs) until Ctrl-C.
The web UI is built on first start when packages/web/dist is missing or stale.

Examples:
  ilos serve                                  http://127.0.0.1:8080
  ilos serve --port 9000 --host 0.0.0.0       cookies are Secure off loopback: put TLS in front
  ilos serve --demo-users                     add one demo user per role (a demo store only) and print them`;

export const serveCommand: CommandModule = (program, io) => {
  withDataOption(
    program
      .command('serve')
      .description('serve the web UI and the HTTP API on http://127.0.0.1:8080')
      .option('--port <n>', 'port', '8080')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--demo-users', 'create one demo user per role with a known password, and print the logins'),
  )
    .addHelpText('after', EXAMPLES)
    .action(async (options: { port: string; host: string; demoUsers?: boolean; data?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new AppError('invalid_input', `--port must be a port number, not '${options.port}'`);
      await withContext(loadConfig(options), async (ctx) => {
        const logins = options.demoUsers ? await seedDemoUsers(ctx) : [];
        const server = await serveApi(ctx, { host: options.host, port, log: (line) => io.err(`· ${line}`) });
        io.out(`ilos is serving ${server.url}  (API docs: ${server.url}/api/docs; Ctrl-C to stop)`);
        if (options.demoUsers) io.out(`demo logins:\n${describeDemoLogins(logins)}`);
        await server.closed;
      });
    });
};
