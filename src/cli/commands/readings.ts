import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  decodeSignature,
  exportPublicKeySec1,
  generateDeviceKeyPair,
  readingSignedBytes,
  toBytes32Id,
  writePrivateKeyFile,
} from '../../identity/index.ts';
import {
  benchRawVerify,
  benchReadingChecks,
  checkPlausibility,
  createVerifyPool,
  parseMessage,
  REJECTION_CODES,
  validateReading,
} from '../../ingest/index.ts';
import { createPatientDevices, loadDemoPatients, type ReplayEvent, replayFleet } from '../../sim/index.ts';
import { printResult } from '../options.ts';

function positiveNumber(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
}

/** `vigil readings keygen|codes|bench-verify|demo`: device keys, rejection codes, signature throughput, simulated readings. */
export function registerReadingsCommands(program: Command): void {
  const readings = program
    .command('readings')
    .description('signed readings: device keys, codes, verification');

  readings
    .command('keygen <deviceId>')
    .description(
      'create a P-256 device key: private PKCS#8 PEM (mode 0600) and the SEC1 public key for the registry',
    )
    .requiredOption('--out <file>', 'where to write the private key PEM')
    .option('--json', 'print JSON')
    .action(async (deviceId: string, flags: { out: string; json?: boolean }) => {
      const deviceIdBytes32 = toBytes32Id(deviceId);
      const { privateKey, publicKey } = generateDeviceKeyPair();
      await writePrivateKeyFile(flags.out, privateKey);
      const result = {
        deviceId,
        deviceIdBytes32,
        publicKey: `0x${Buffer.from(exportPublicKeySec1(publicKey)).toString('hex')}`,
        privateKeyFile: flags.out,
      };
      printResult(result, Boolean(flags.json), () =>
        [
          `device:      ${deviceId} (${deviceIdBytes32})`,
          `public key:  ${result.publicKey}`,
          `private key: ${flags.out}`,
        ].join('\n'),
      );
    });

  readings
    .command('codes')
    .description('rejection codes with their HTTP status and MQTT v5 PUBACK reason code')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      printResult(REJECTION_CODES, Boolean(flags.json), () =>
        Object.entries(REJECTION_CODES)
          .map(
            ([code, i]) =>
              `${code.padEnd(26)} ${i.httpStatus}  0x${i.mqttReasonCode.toString(16)}  ${i.description}`,
          )
          .join('\n'),
      );
    });

  readings
    .command('bench-verify')
    .description(
      'raw ECDSA P-256 verifications/s on one thread and across the worker pool (the ingest ceiling)',
    )
    .option('--seconds <s>', 'seconds per measurement', '3')
    .option('--workers <n>', 'pool size (default: available cores)')
    .option('--json', 'print JSON')
    .action(async (flags: { seconds: string; workers?: string; json?: boolean }) => {
      const r = await benchRawVerify({
        seconds: positiveNumber(flags.seconds, '--seconds'),
        ...(flags.workers ? { workers: positiveNumber(flags.workers, '--workers') } : {}),
      });
      printResult(r, Boolean(flags.json), () =>
        [
          `machine:        ${r.cpu}, ${r.cores} cores, Node ${r.node}, load average ${r.loadAverage}`,
          `message:        ${r.messageBytes} B canonical reading, P-256/SHA-256, cached KeyObjects`,
          `single thread:  ${r.singleThreadPerSec.toLocaleString('en')} verify/s`,
          `pool (${r.workers} workers): ${r.poolPerSec.toLocaleString('en')} verify/s (x${r.speedup})`,
          `per CPU-second: ${r.singleThreadPerCpuSec.toLocaleString('en')} single, ${r.poolPerCpuSec.toLocaleString('en')} pool (pool got ${r.poolCpuShare} cores)`,
        ].join('\n'),
      );
    });

  readings
    .command('bench-checks')
    .description('one-thread throughput of parse, schema, plausibility, clock, canonical bytes and leaf hash')
    .option('--seconds <s>', 'seconds per stage', '1')
    .option('--json', 'print JSON')
    .action((flags: { seconds: string; json?: boolean }) => {
      const r = benchReadingChecks({ seconds: positiveNumber(flags.seconds, '--seconds') });
      printResult(r, Boolean(flags.json), () =>
        [
          `machine: ${r.cpu}, Node ${r.node}; ${r.readingBytes} B readings; one thread`,
          `${'stage'.padEnd(18)} ${'per second'.padStart(12)} ${'per CPU-second'.padStart(15)}`,
          ...Object.entries(r.perSec).map(
            ([stage, n]) =>
              `${stage.padEnd(18)} ${n.toLocaleString('en').padStart(12)} ${r.perCpuSec[stage as keyof typeof r.perCpuSec].toLocaleString('en').padStart(15)}`,
          ),
        ].join('\n'),
      );
    });

  readings
    .command('demo')
    .description(
      'replay PhysioNet demo stays through simulated devices; print signed readings (NDJSON) or check them',
    )
    .option('--patients <n>', 'number of demo stays', '1')
    .option('--minutes <n>', 'stay minutes to replay per patient', '60')
    .option('--speed <x>', 'time compression (stay seconds per wall second)', '60')
    .option(
      '--check',
      'verify everything (schema, plausibility, signatures in the worker pool) and print a summary',
    )
    .action(async (flags: { patients: string; minutes: string; speed: string; check?: boolean }) => {
      // `vigil readings demo | head` closes the pipe early: stop quietly instead of crashing.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(0);
        throw error;
      });
      const patients = (await loadDemoPatients()).slice(0, positiveNumber(flags.patients, '--patients'));
      const events: ReplayEvent[] = [];
      const replay = replayFleet({
        patients: patients.map((patient) => ({ patient, devices: createPatientDevices(patient) })),
        speed: positiveNumber(flags.speed, '--speed'),
        toMinute: positiveNumber(flags.minutes, '--minutes'),
      });
      for (const event of replay) {
        if (flags.check) events.push(event);
        else process.stdout.write(`${JSON.stringify(event.reading)}\n`);
      }
      if (!flags.check) return;
      const pool = createVerifyPool();
      try {
        let schemaOk = 0;
        let plausible = 0;
        for (const { reading } of events) {
          const parsed = parseMessage(Buffer.from(JSON.stringify(reading)));
          if (parsed.ok && validateReading(parsed.readings[0]).ok) schemaOk++;
          if (checkPlausibility(reading.observation).ok) plausible++;
        }
        const verified = await pool.verify(
          events.map(({ reading, device }) => ({
            publicKey: device.publicKey,
            message: readingSignedBytes(reading),
            signature: decodeSignature(reading.sig) ?? new Uint8Array(0),
          })),
        );
        const summary = {
          readings: events.length,
          schemaOk,
          plausible,
          signaturesValid: verified.filter(Boolean).length,
          workers: pool.size,
        };
        printResult(summary, true, () => '');
        if (summary.schemaOk !== events.length || summary.signaturesValid !== events.length)
          process.exitCode = 1;
      } finally {
        await pool.stop();
      }
    });
}
