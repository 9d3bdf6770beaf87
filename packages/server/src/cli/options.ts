import { AppError } from '@ilos/core';
import type { Command } from 'commander';

/** Adds the --data option every store-backed command takes. */
export function withDataOption(command: Command): Command {
  return command.option(
    '--data <dir>',
    'data folder of the embedded store (default ./.ilos or $ILOS_DATA; ignored when DATABASE_URL is set)',
  );
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new AppError('invalid_input', `${name} must be a positive whole number, not '${value}'`);
    return Number(value);
  };
}
