import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { merkleRoot } from './merkleRoot.ts';
import { openStoreFile } from './openStoreFile.ts';
import { createPatientKeySource } from './patientKeySource.ts';
import { startVerifyWorkers } from './startVerifyWorkers.ts';
import { type IntegrityHarness, openIntegrityHarness } from './testing/harness.ts';

let h: IntegrityHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(x: IntegrityHarness, seqs: number[], erased: Set<string> = new Set()) {
  const file = openStoreFile(x.dir, x.store.gatewayId);
  const patients = file.keyedPatients();
  file.close();
  const keys = await createPatientKeySource({
    sql: x.store.sql,
    masterKey: Buffer.from('11'.repeat(32), 'hex'),
  })(patients);
  const w = startVerifyWorkers({
    file: join(x.dir, 'vigil.db'),
    gatewayId: x.store.gatewayId,
    keys,
    erasedPatients: erased,
    size: 2,
    chunk: 1,
  });
  w.check(seqs);
  try {
    return await Promise.all(seqs.map((s) => w.resultOf(s)));
  } finally {
    await w.stop();
  }
}

describe('startVerifyWorkers', () => {
  it('accepts intact batches with the anchored leaves and refuses a changed ciphertext or metadata column', async () => {
    h = await openIntegrityHarness();
    await h.insert(12);
    const batches = await createBatcher({ store: h.store, size: 4 }).flush();
    await createAnchorer({ store: h.store, chain: h.chain }).drain();
    const intact = await run(h, [0, 1, 2]);
    expect(intact.map((r) => r.clean)).toEqual([true, true, true]);
    intact.forEach((r, i) => {
      expect(r.n).toBe(4);
      if (r.clean) expect(merkleRoot(r.packed).equals(Buffer.from(batches[i]!.root))).toBe(true);
    });
    const db = new Database(join(h.dir, 'vigil.db'));
    db.prepare(
      "UPDATE readings SET payload = substr(payload, 1, 20) || x'00' || substr(payload, 22) WHERE batch_seq = 0 AND batch_index = 1",
    ).run();
    db.prepare('UPDATE readings SET seq = seq + 100 WHERE batch_seq = 2 AND batch_index = 3').run();
    db.close();
    expect((await run(h, [0, 1, 2])).map((r) => r.clean)).toEqual([false, true, false]);
  });

  it('refuses a batch whose patient key it was not given, unless the patient is erased', async () => {
    h = await openIntegrityHarness();
    const [reading] = await h.insert(4);
    await createBatcher({ store: h.store, size: 4 }).flush();
    const patient = reading!.observation.subject!.reference!.replace('Patient/', '');
    const file = join(h.dir, 'vigil.db');
    const none = startVerifyWorkers({
      file,
      gatewayId: h.store.gatewayId,
      keys: new Map(),
      erasedPatients: new Set(),
      size: 1,
    });
    none.check([0]);
    expect((await none.resultOf(0)).clean).toBe(false);
    await none.stop();
    const erased = await run(h, [0], new Set([patient]));
    expect(erased[0]).toMatchObject({ clean: true, n: 4 });
    if (erased[0]!.clean) expect(erased[0]!.erasedIds).toHaveLength(4);
  });
});
