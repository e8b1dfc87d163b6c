import type { Command } from 'commander';

/** Adds the options every command shares (`--data-dir`, chain selection). */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'data directory (env VIGIL_DATA_DIR, default ./.vigil)')
    .option('--chain <mode>', 'embedded | rpc (env VIGIL_CHAIN_MODE)')
    .option('--rpc-url <url>', 'Ethereum JSON-RPC URL for rpc mode (env VIGIL_CHAIN_RPC_URL)');
}

/** Prints a result as JSON (`--json`) or as human-readable text. */
export function printResult(value: unknown, json: boolean, text: () => string): void {
  if (json) process.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
  else process.stdout.write(`${text()}\n`);
}

/** JSON.stringify replacer that writes bigints as decimal strings. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
