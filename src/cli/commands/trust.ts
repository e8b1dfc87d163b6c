import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { connectContracts, createLedger } from '../../ledger/index.ts';
import { openStore } from '../../store/index.ts';
import { benchTrustEngine } from '../../trust/benchTrustEngine.ts';
import {
  createLedgerTrustChain,
  createTrustEngine,
  createTrustService,
  loadTrustConfig,
  loadTrustState,
  type TrustExplanation,
} from '../../trust/index.ts';
import { printResult, withCommonOptions } from '../options.ts';

async function withStore<T>(
  flags: Record<string, unknown>,
  task: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
) {
  const config = loadConfig(flags);
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    masterKey: config.masterKey,
    gatewayId: config.gatewayId,
  });
  try {
    return await task(store);
  } finally {
    await store.close();
  }
}

/** Scores as of now, from the trust state the gateway persisted in the store. */
async function currentScores(flags: Record<string, unknown>): Promise<TrustExplanation[]> {
  return withStore(flags, async (store) => {
    const state = await loadTrustState(store);
    const engine = createTrustEngine({ quarantineBelow: loadTrustConfig(flags).quarantineBelow });
    engine.restore(state.devices);
    const at = Date.now();
    return engine
      .deviceIds()
      .sort()
      .map((id) => engine.explain(id, Math.max(at, engine.record(id)!.rep.at)));
  });
}

const pct = (x: number) => x.toFixed(2);

/** One explanation as text. */
export function formatExplanation(x: TrustExplanation): string {
  const o = x.opinion;
  return [
    `device:      ${x.deviceId}${x.quarantined ? '  QUARANTINED' : ''}`,
    `trust:       ${pct(o.trust)}  (belief ${pct(o.belief)}, disbelief ${pct(o.disbelief)}, uncertainty ${pct(o.uncertainty)}, base rate ${o.baseRate})`,
    ...(x.quarantine
      ? [
          `${x.quarantined ? 'quarantine: ' : 'last quar.: '} ${new Date(x.quarantine.at).toISOString()} ${x.quarantine.reason}`,
        ]
      : []),
    ...x.reinstatements.map((r) => `reinstated:  ${new Date(r.at).toISOString()} ${r.reason}`),
    'evidence (most influential first):',
    ...x.items.map(
      (i) =>
        `  ${(i.effect >= 0 ? '+' : '') + i.effect.toFixed(3)}  ${i.label.padEnd(36)} weight ${i.contribution.toFixed(2).padStart(8)}  seen ${i.count}`,
    ),
    `digest:      ${x.digest}`,
    x.committed
      ? `committed:   ${new Date(x.committed.at).toISOString()} score ${x.committed.scoreBp} bp${x.committed.tx ? ` tx ${x.committed.tx}` : ''}`
      : 'committed:   not yet',
  ].join('\n');
}

/** `vigil trust list|explain|reinstate`. */
export function registerTrustCommands(program: Command): void {
  const trust = program.command('trust').description('device trust scores, explanations and quarantine');

  withCommonOptions(trust.command('list'))
    .description(
      'every device with its trust score and quarantine flag (from the gateway state in the store)',
    )
    .option('--json', 'print JSON')
    .action(async (flags: Record<string, unknown>) => {
      const rows = (await currentScores(flags)).map((x) => ({
        deviceId: x.deviceId,
        trust: x.opinion.trust,
        uncertainty: x.opinion.uncertainty,
        quarantined: x.quarantined,
        topEvidence: x.items.slice(0, 3).map((i) => i.kind),
        committedScoreBp: x.committed?.scoreBp ?? null,
      }));
      printResult(rows, Boolean(flags.json), () =>
        rows.length === 0
          ? 'no trust records yet'
          : [
              `${'device'.padEnd(24)} trust  unc.  ${'state'.padEnd(11)} top evidence`,
              ...rows.map(
                (r) =>
                  `${r.deviceId.padEnd(24)} ${pct(r.trust)}   ${pct(r.uncertainty)}  ${(r.quarantined ? 'QUARANTINE' : 'ok').padEnd(11)} ${r.topEvidence.join(', ')}`,
              ),
            ].join('\n'),
      );
    });

  withCommonOptions(trust.command('explain <deviceId>'))
    .description('the score of one device and the evidence that moved it most')
    .option('--json', 'print JSON')
    .action(async (deviceId: string, flags: Record<string, unknown>) => {
      const x = (await currentScores(flags)).find((e) => e.deviceId === deviceId);
      if (!x) throw new InvalidArgumentError(`no trust record for device ${deviceId}`);
      printResult(x, Boolean(flags.json), () => formatExplanation(x));
    });

  trust
    .command('bench')
    .description(
      'readings per second the trust engine adds to the pipeline (no I/O), and explanations per second',
    )
    .option('--patients <n>', 'patients with three heart-rate devices each', '1000')
    .option('--rounds <n>', 'readings per device', '20')
    .option('--json', 'print JSON')
    .action((flags: Record<string, unknown>) => {
      const b = benchTrustEngine({ patients: Number(flags.patients), rounds: Number(flags.rounds) });
      printResult(b, Boolean(flags.json), () =>
        [
          `${b.readings} readings of ${b.devices} devices on ${b.machine.cpu} (${b.machine.cores} cores, Node ${b.machine.node})`,
          `engine:  ${b.readingsPerSecond} readings/s`,
          `explain: ${b.explainPerSecond} devices/s`,
        ].join('\n'),
      );
    });

  withCommonOptions(trust.command('reinstate <deviceId>'))
    .description(
      'lift a quarantine (admin): forgets the negative evidence, clears the reading flag, emits DeviceReinstated',
    )
    .requiredOption('--reason <text>', 'why (1-256 bytes, no patient data); recorded on chain')
    .option('--json', 'print JSON')
    .action(async (deviceId: string, flags: Record<string, unknown>) => {
      const config = loadConfig(flags);
      const ledger = await createLedger(config);
      try {
        const result = await withStore(flags, async (store) => {
          const service = createTrustService({
            store,
            chain: createLedgerTrustChain(await connectContracts(ledger)),
            config: loadTrustConfig(flags),
          });
          await service.start();
          try {
            return await service.reinstate(deviceId, String(flags.reason));
          } finally {
            await service.stop();
          }
        });
        printResult(result, Boolean(flags.json), () =>
          result.report.errors.length === 0
            ? `reinstated ${deviceId} (trust now ${pct(result.change.trust)}); DeviceReinstated is on chain`
            : `reinstated ${deviceId} locally; the chain event is pending (${result.report.errors.join('; ')})`,
        );
      } finally {
        await ledger.stop();
      }
    });
}
