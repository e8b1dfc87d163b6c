import type { Command } from 'commander';
import { registerChainCommands } from './chain.ts';

/** Every command group of the CLI; each file in this folder adds one group. */
export function registerCommands(program: Command): void {
  registerChainCommands(program);
}
