import type { Command } from 'commander';

/** Every command group of the CLI; each file in this folder adds one group. */
export function registerCommands(_program: Command): void {}
