import type { Command } from 'commander';
import { registerAccessCommands } from './access.ts';
import { registerBenchCommands } from './bench.ts';
import { registerChainCommands } from './chain.ts';
import { registerConsortiumCommands } from './consortium.ts';
import { registerDeviceCommands } from './device.ts';
import { registerEvalCommands } from './eval.ts';
import { registerExportCommands } from './export.ts';
import { registerIntegrityCommands } from './integrity.ts';
import { registerReadingsCommands } from './readings.ts';
import { registerSimulateCommands } from './simulate.ts';
import { registerStartCommand } from './start.ts';
import { registerStoreCommands } from './store.ts';
import { registerTrainCommands } from './train.ts';
import { registerTransportsCommands } from './transports.ts';
import { registerTrustCommands } from './trust.ts';
import { registerVerifyCommands } from './verify.ts';

/** Every command group of the CLI; each file in this folder adds one group. */
export function registerCommands(program: Command): void {
  registerChainCommands(program);
  registerDeviceCommands(program);
  registerStartCommand(program);
  registerSimulateCommands(program);
  registerEvalCommands(program);
  registerTrainCommands(program);
  registerTrustCommands(program);
  registerReadingsCommands(program);
  registerBenchCommands(program);
  registerStoreCommands(program);
  registerIntegrityCommands(program);
  registerVerifyCommands(program);
  registerExportCommands(program);
  registerTransportsCommands(program);
  registerAccessCommands(program);
  registerConsortiumCommands(program);
}
