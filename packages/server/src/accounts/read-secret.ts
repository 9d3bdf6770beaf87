import { AppError } from '@ilos/core';

/**
 * Reads a password for the CLI without echoing it: from the first line of standard input when asked
 * (`--password-stdin`, for scripts), else from a prompt on the terminal. Never from an argument, where it
 * would land in shell history and the process list.
 */
export async function readSecret(
  prompt: string,
  options: { stdin?: boolean; all?: boolean } = {},
): Promise<string> {
  if (options.stdin) {
    const text = await readAll();
    return options.all ? text : (text.split(/\r?\n/)[0] ?? '');
  }
  if (!process.stdin.isTTY) {
    throw new AppError(
      'invalid_input',
      'no terminal to ask for the password: pass --password-stdin and pipe it in',
    );
  }
  return promptHidden(prompt);
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AppError('invalid_input', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
