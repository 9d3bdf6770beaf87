import type { Command } from 'commander';
import type { Io } from './io.js';

/**
 * Each file in commands/ exports one CommandModule that adds its command to the program.
 * A command reports failure by throwing AppError (mapped to an exit code by main.ts) or by setExit.
 */
export type CommandModule = (program: Command, io: Io, setExit: (code: number) => void) => void;
