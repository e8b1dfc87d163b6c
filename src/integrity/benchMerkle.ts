import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { canonicalize } from '../identity/index.ts';
import { buildObservation } from '../ingest/buildObservation.ts';
import { buildMerkleTree } from './buildMerkleTree.ts';
import { hashLeaves, hashLeavesPacked } from './hashLeaves.ts';
import { inclusionProof } from './inclusionProof.ts';
import { merkleRoot } from './merkleRoot.ts';
import { verifyInclusion } from './verifyInclusion.ts';

/** Parameters of {@link benchMerkle}. */
export type BenchMerkleParameters = {
  /** Leaves per run (default 200,000). */
  leaves?: number;
  /** Timed runs per figure; the median is reported (default 5). */
  rounds?: number;
  /** Where to print lines (default stdout; pass a no-op to stay silent). */
  log?: (line: string) => void;
};

/** One measured figure: leaves (or proofs) per second, median of the rounds. */
export type BenchFigure = {
  name: string;
  /** Per wall-clock second (depends on what else runs on the machine). */
  perSecond: number;
  medianMs: number;
  /** Per second of this process's CPU time (user + system): steadier on a shared, busy machine. */
  perCpuSecond: number;
};

/** What {@link benchMerkle} measured and where. */
export type BenchMerkleReturnType = {
  machine: { cpu: string; cores: number; node: string };
  leaves: number;
  avgLeafBytes: number;
  figures: BenchFigure[];
};

/**
 * Measures leaf hashing of ~300-byte canonical readings, tree building, and both together (the Merkle
 * share of `vigil verify`), against a createHash-per-node baseline run in the same process.
 */
export function benchMerkle(params: BenchMerkleParameters = {}): BenchMerkleReturnType {
  const n = params.leaves ?? 200_000;
  const rounds = params.rounds ?? 5;
  const log = params.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Realistic, complete vital-sign readings (category, UCUM units, 86-char signature) ...
  const texts = syntheticCanonicalReadings(n);
  const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
  const avgLeafBytes = Math.round(bytes.reduce((s, b) => s + b.length, 0) / n);
  // ... and the same cut to exactly 300 bytes (hashing cost depends only on length).
  const bytes300 = bytes.map((b) => Buffer.from(b.subarray(0, 300)));
  const packed = hashLeavesPacked(bytes);
  const leafArray = hashLeaves(bytes).map((b) => Buffer.from(b));

  // Context for `vigil verify`: payloads are stored AES-256-GCM sealed; opening them is part of the path.
  const key = randomBytes(32);
  const sealed = bytes.map((b) => sealForBench(key, b));
  const aad = Buffer.from('reading-id|patient');

  // Inclusion proofs of a sample of leaves, verified one by one (what checking exported proofs costs).
  const fullTree = buildMerkleTree(packed);
  const sample = Array.from({ length: Math.min(n, 10_000) }, (_, k) =>
    Math.floor((k * n) / Math.min(n, 10_000)),
  );
  const proofs = sample.map((i) => ({ i, proof: inclusionProof(fullTree, i) }));
  const leafAt = (i: number) => packed.subarray(i * 32, i * 32 + 32);

  const cases: [string, () => unknown, number?][] = [
    ['baseline: leaf hash 300 B, createHash + concat', () => bytes300.map(baselineLeaf)],
    ['leaf hash 300 B: hashLeavesPacked(Buffer[])', () => hashLeavesPacked(bytes300)],
    [`leaf hash ${avgLeafBytes} B: hashLeavesPacked(Buffer[])`, () => hashLeavesPacked(bytes)],
    [`leaf hash ${avgLeafBytes} B: hashLeavesPacked(string[])`, () => hashLeavesPacked(texts)],
    [`leaf hash ${avgLeafBytes} B: hashLeaves -> Buffer[]`, () => hashLeaves(bytes)],
    ['baseline: tree, createHash + concat per node', () => baselineRoot(leafArray)],
    ['tree: merkleRoot(packed)', () => merkleRoot(packed)],
    ['tree: merkleRoot(Buffer[])', () => merkleRoot(leafArray)],
    ['tree: buildMerkleTree (all levels kept)', () => buildMerkleTree(packed)],
    ['verify core 300 B: merkleRoot(hashLeavesPacked)', () => merkleRoot(hashLeavesPacked(bytes300))],
    [
      `verify core ${avgLeafBytes} B: merkleRoot(hashLeavesPacked)`,
      () => merkleRoot(hashLeavesPacked(bytes)),
    ],
    [`context: AES-256-GCM open ${avgLeafBytes} B`, () => sealed.map((c) => openForBench(key, c, aad))],
    [
      `context: open + leaf hash + root ${avgLeafBytes} B`,
      () => merkleRoot(hashLeavesPacked(sealed.map((c) => openForBench(key, c, aad)))),
    ],
    [
      `verifyInclusion in a ${n}-leaf tree (proofs/s)`,
      () =>
        proofs.every(({ i, proof }) =>
          verifyInclusion({ leafHash: leafAt(i), index: i, treeSize: n, proof, root: fullTree.root }),
        ),
      proofs.length,
    ],
  ];
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
  log(`benchMerkle: ${n} leaves of ~${avgLeafBytes} B, median of ${rounds} runs`);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const figures: BenchFigure[] = [];
  for (const [name, run, units = n] of cases) {
    run(); // warm-up
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      run();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1e3);
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    const medianCpuMs = cpuTimes[Math.floor(cpuTimes.length / 2)]!;
    const perSecond = Math.round((units / medianMs) * 1000);
    const perCpuSecond = Math.round((units / medianCpuMs) * 1000);
    figures.push({ name, perSecond, medianMs, perCpuSecond });
    log(
      `  ${name.padEnd(50)} ${perSecond.toLocaleString('en-US').padStart(10)} /s` +
        `  ${perCpuSecond.toLocaleString('en-US').padStart(10)} /CPU-s  (${medianMs.toFixed(1)} ms)`,
    );
  }
  return { machine, leaves: n, avgLeafBytes, figures };
}

/** ~300-byte canonical SignedReadings with realistic shape (synthetic values, no patient data). */
export function syntheticCanonicalReadings(n: number): string[] {
  const out: string[] = new Array(n);
  const sig = 'A'.repeat(86);
  for (let i = 0; i < n; i++) {
    out[i] = canonicalize({
      v: 1,
      deviceId: `dev-${i % 1000}`,
      seq: i + 1,
      observation: buildObservation({
        kind: 'heartRate',
        value: 60 + (i % 40),
        deviceId: `dev-${i % 1000}`,
        patient: `p-${i % 997}`,
        effectiveAt: 1_700_000_000_000 + i * 1000,
      }),
      sig,
    });
  }
  return out;
}

/** iv(12) ‖ tag(16) ‖ ciphertext, like the store's sealed payloads. */
function sealForBench(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('reading-id|patient'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}
function openForBench(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(12, 28));
  const head = decipher.update(sealed.subarray(28));
  decipher.final();
  return head;
}

const PREFIX0 = Buffer.from([0]);
const PREFIX1 = Buffer.from([1]);
function baselineLeaf(data: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([PREFIX0, data]))
    .digest();
}
function baselineRoot(leaves: readonly Buffer[]): Buffer {
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(
        createHash('sha256')
          .update(Buffer.concat([PREFIX1, level[i]!, level[i + 1]!]))
          .digest(),
      );
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = process.argv[2];
  benchMerkle(arg ? { leaves: Number(arg) } : {});
}
