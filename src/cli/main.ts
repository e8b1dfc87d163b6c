import { Command, CommanderError } from 'commander';
import { VigilError } from '../errors/index.ts';
import { registerCommands } from './commands/index.ts';

/** Builds the `vigil` command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('vigil')
    .description('Vigil: trustworthy remote patient monitoring on a consortium ledger')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI and returns the process exit code; errors become one clear line on stderr. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof VigilError) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
