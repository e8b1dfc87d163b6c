import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { readOutcomes, readPhysionetLong } from '../../clinical/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { parseHospitalSplit } from '../../eval/federated/assignHospitals.ts';
import { ATTACK_NAMES, type AttackName } from '../../eval/federated/attacks.ts';
import { formatFederatedEval } from '../../eval/federated/formatFederatedEval.ts';
import { prepareFederatedData } from '../../eval/federated/prepareFederatedData.ts';
import { runFederatedEval } from '../../eval/federated/runFederatedEval.ts';
import {
  AGGREGATOR_NAMES,
  createChainFederationLedger,
  type FederationLedger,
  resolveAggregator,
  saveFederatedModelFile,
} from '../../federation/index.ts';
import { ensureOrganisation } from '../../identity/registerDevice.ts';
import { ensureDeployed } from '../../ledger/index.ts';
import { printResult, withCommonOptions } from '../options.ts';
import { withLedger } from './chain.ts';

type Flags = Record<string, string | boolean | undefined>;

function intFlag(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

function numberFlag(value: unknown, name: string, ok: (n: number) => boolean, rule: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || !ok(n)) throw new InvalidArgumentError(`${name} must be ${rule}`);
  return n;
}

/** `a,b` or `all` against a list of names. */
function listFlag<T extends string>(value: unknown, names: readonly T[], name: string): T[] {
  const text = String(value);
  if (text === 'all') return [...names];
  const items = text.split(',').map((s) => s.trim());
  for (const item of items) {
    if (!names.includes(item as T))
      throw new InvalidArgumentError(`${name}: ${item} is not one of ${names.join(', ')}, all`);
  }
  return items as T[];
}

/** `vigil eval federated …`: issue #20's offline federated-learning evaluation. */
export function registerEvalFederatedCommand(evalGroup: Command): void {
  withCommonOptions(evalGroup.command('federated'))
    .description(
      'federate the deterioration model across hospitals split from PhysioNet 2012; compare with centralised and local-only models, under attack and with DP',
    )
    .option('--train <file>', 'training stays, PhysioNet long format (.csv or .csv.gz)')
    .option('--train-outcomes <file>', 'outcomes of the training stays')
    .option('--test <file>', 'test stays (patients not in --train)')
    .option('--test-outcomes <file>', 'outcomes of the test stays')
    .option('--hospitals <split>', 'icu-type (the 4 ICU types) or N (hash of the record id)', 'icu-type')
    .option('--rounds <r>', 'federation rounds', '20')
    .option('--aggregator <names>', `${AGGREGATOR_NAMES.join('|')}, a comma list, or all`, 'trust')
    .option('--poisoned <k>', 'hospitals that poison their updates', '0')
    .option('--attack <names>', `${ATTACK_NAMES.join('|')}, a comma list, or all (needs --poisoned)`)
    .option('--scale-factor <f>', 'scale attack: the factor', '10')
    .option('--lie-z <z>', 'little-is-enough attack: z', '1')
    .option('--inflate-samples <f>', 'poisoned hospitals report this many times their sample count', '1')
    .option(
      '--dp-epsilon <e>',
      'client-level differential privacy: target ε over the run (fedavg/fedprox only)',
    )
    .option('--dp-delta <d>', 'DP: δ', '1e-5')
    .option('--dp-clip <c>', 'DP: L2 clip norm of each update', '0.3')
    .option(
      '--dp-subspace <k>',
      'DP: project updates on k directions from the coordinator’s reference patients',
    )
    .option('--dp-sample-rate <q>', 'DP: probability each hospital takes part in a round', '1')
    .option('--server-momentum <b>', 'Nesterov momentum of the server step (default 0.8; 0 with DP)')
    .option('--local-steps <k>', 'gradient steps per round at each hospital (default 3)')
    .option('--local-lr <r>', 'local learning rate (default 0.2)')
    .option('--hours <h>', 'window from ICU admission: 24 or 48', '48')
    .option('--vitals-only', 'vital signs and descriptors only (no laboratory values)')
    .option('--seed <n>', 'seed of the reference split, poisoned hospitals and DP noise', '1')
    .option('--record', 'record every federation round on the chain of --data-dir (FederationRegistry)')
    .option('--model-out <file>', 'write the first row’s final global model (for vigil verify model)')
    .option('--trace', 'with --json: every round’s report (participants, refusals, weights, trust, scores)')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const started = Date.now();
      for (const name of ['train', 'trainOutcomes', 'test', 'testOutcomes']) {
        if (!flags[name])
          throw new InvalidArgumentError('give --train --train-outcomes --test --test-outcomes');
      }
      const hours = Number(flags.hours);
      if (hours !== 24 && hours !== 48) throw new InvalidArgumentError('--hours must be 24 or 48');
      const featureSet = flags.vitalsOnly ? 'vitals' : 'all';
      const seed = intFlag(flags.seed, '--seed', 0);
      const rounds = intFlag(flags.rounds, '--rounds', 1, 1000);
      const poisoned = intFlag(flags.poisoned, '--poisoned', 0);
      const aggregators = listFlag(flags.aggregator, AGGREGATOR_NAMES, '--aggregator').map((n) =>
        resolveAggregator(n),
      );
      if (poisoned > 0 && !flags.attack) throw new InvalidArgumentError('--poisoned needs --attack');
      if (poisoned === 0 && flags.attack)
        throw new InvalidArgumentError('--attack needs --poisoned K (K ≥ 1)');
      const attacks: (AttackName | 'none')[] =
        poisoned > 0 ? listFlag(flags.attack, ATTACK_NAMES, '--attack') : ['none'];
      const split = parseHospitalSplit(String(flags.hospitals));
      const dp =
        flags.dpEpsilon === undefined
          ? undefined
          : {
              epsilon: numberFlag(flags.dpEpsilon, '--dp-epsilon', (n) => n > 0, 'a number > 0'),
              delta: numberFlag(flags.dpDelta, '--dp-delta', (n) => n > 0 && n < 1, 'in (0, 1)'),
              clip: numberFlag(flags.dpClip, '--dp-clip', (n) => n > 0, 'a number > 0'),
              sampleRate: numberFlag(
                flags.dpSampleRate,
                '--dp-sample-rate',
                (n) => n > 0 && n <= 1,
                'in (0, 1]',
              ),
              ...(flags.dpSubspace !== undefined
                ? { subspace: intFlag(flags.dpSubspace, '--dp-subspace', 1, 10_000) }
                : {}),
            };
      const data = prepareFederatedData({
        train: {
          records: readPhysionetLong(String(flags.train)),
          outcomes: readOutcomes(String(flags.trainOutcomes)),
        },
        test: {
          records: readPhysionetLong(String(flags.test)),
          outcomes: readOutcomes(String(flags.testOutcomes)),
        },
        split,
        hours,
        featureSet,
        seed,
      });
      if (poisoned >= data.hospitals.length) {
        throw new InvalidArgumentError(
          `--poisoned must be below the number of hospitals (${data.hospitals.length})`,
        );
      }
      const evaluate = (ledger?: FederationLedger, federationPrefix?: string) =>
        runFederatedEval({
          data,
          spec: { hours, featureSet },
          rounds,
          aggregators,
          attacks,
          poisoned,
          includeClean: aggregators.length * attacks.length > 1,
          trace: Boolean(flags.trace),
          attackOptions: {
            scaleFactor: numberFlag(flags.scaleFactor, '--scale-factor', (n) => n > 0, 'a number > 0'),
            z: numberFlag(flags.lieZ, '--lie-z', (n) => n >= 0, 'a number ≥ 0'),
            inflateSamples: numberFlag(
              flags.inflateSamples,
              '--inflate-samples',
              (n) => n >= 1,
              'a number ≥ 1',
            ),
          },
          ...(dp ? { dp } : {}),
          ...(flags.serverMomentum !== undefined
            ? {
                serverMomentum: numberFlag(
                  flags.serverMomentum,
                  '--server-momentum',
                  (n) => n >= 0 && n < 1,
                  'in [0, 1)',
                ),
              }
            : {}),
          training: {
            ...(flags.localSteps !== undefined
              ? { steps: intFlag(flags.localSteps, '--local-steps', 1, 1000) }
              : {}),
            ...(flags.localLr !== undefined
              ? { learningRate: numberFlag(flags.localLr, '--local-lr', (n) => n > 0, 'a number > 0') }
              : {}),
          },
          seed,
          ...(ledger ? { ledger } : {}),
          ...(federationPrefix ? { federationPrefix } : {}),
          onProgress: (m) => {
            if (process.stderr.isTTY && !flags.json) process.stderr.write(`${m}\n`);
          },
        });
      const r = flags.record
        ? await withLedger(flags, async (ledger) => {
            const ctx = await ensureDeployed(ledger);
            for (const h of data.hospitals) await ensureOrganisation(ctx, h.id);
            return evaluate(createChainFederationLedger(ctx), `f${randomBytes(3).toString('hex')}`);
          })
        : await evaluate();
      const modelDigest =
        flags.modelOut && r.first ? saveFederatedModelFile(String(flags.modelOut), r.first.model) : undefined;
      const seconds = (Date.now() - started) / 1000;
      const { first: _first, rows, ...shared } = r;
      const meta = { hospitals: String(flags.hospitals), rounds, seed, seconds };
      const json =
        rows.length === 1
          ? {
              ...shared,
              ...rows[0]!,
              ...meta,
              recorded: Boolean(flags.record),
              ...(modelDigest ? { modelOut: String(flags.modelOut) } : {}),
            }
          : {
              ...shared,
              rows,
              ...meta,
              recorded: Boolean(flags.record),
              ...(modelDigest ? { modelOut: String(flags.modelOut) } : {}),
            };
      printResult(json, Boolean(flags.json), () =>
        [
          formatFederatedEval(r, meta),
          ...(modelDigest ? [`model ${String(flags.modelOut)}: ${modelDigest}`] : []),
          ...(flags.record ? ['every round recorded on FederationRegistry (vigil verify model FILE)'] : []),
        ].join('\n'),
      );
    });
}
