import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readingLeafBytes } from '../identity/index.ts';
import { createAnchorer } from './createAnchorer.ts';
import { createBatcher } from './createBatcher.ts';
import { openStoreFile } from './openStoreFile.ts';
import { createPatientKeySource } from './patientKeySource.ts';
import { type IntegrityHarness, openIntegrityHarness } from './testing/harness.ts';
import { verifyStore } from './verifyStore.ts';

let h: IntegrityHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** 12 readings in 3 anchored batches of 4 (seq 0, 1, 2). */
async function anchoredStore() {
  h = await openIntegrityHarness();
  await h.insert(12);
  await createBatcher({ store: h.store, size: 4 }).flush();
  await createAnchorer({ store: h.store, chain: h.chain }).drain();
  return h;
}

/** Runs SQL on the database file with a separate connection, like any SQL tool would. */
function sql(dir: string, statement: string, ...params: unknown[]) {
  const db = new Database(join(dir, 'vigil.db'));
  try {
    return db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

const idAt = (dir: string, seq: number, index: number) => {
  const db = new Database(join(dir, 'vigil.db'), { readonly: true });
  try {
    return (
      db.prepare('SELECT id FROM readings WHERE batch_seq = ? AND batch_index = ?').get(seq, index) as {
        id: string;
      }
    ).id;
  } finally {
    db.close();
  }
};

/**
 * Runs verify twice: on the main thread only (keys through the store), and with worker threads that
 * receive the unwrapped keys. Both must give the same report; the worker run's report is returned.
 */
async function verify(x: IntegrityHarness) {
  const file = openStoreFile(x.dir, x.store.gatewayId);
  try {
    const single = await verifyStore({ store: x.store, file, chain: x.chain, workers: 0 });
    const patientKeys = createPatientKeySource({
      sql: x.store.sql,
      masterKey: Buffer.from('11'.repeat(32), 'hex'),
    });
    const pooled = await verifyStore({ store: x.store, file, chain: x.chain, patientKeys, workers: 2 });
    const { seconds: _a, readingsPerSecond: _b, ...a } = single;
    const { seconds: _c, readingsPerSecond: _d, ...b } = pooled;
    expect(b).toEqual(a);
    return pooled;
  } finally {
    file.close();
  }
}

describe('verifyStore', () => {
  it('passes an untouched store and counts every reading', async () => {
    const x = await anchoredStore();
    const r = await verify(x);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.readings.checked).toBe(12);
    expect(r.batches).toMatchObject({ checked: 3, anchored: 3, pending: 0 });
  });

  it('names the reading whose ciphertext was changed in SQL', async () => {
    const x = await anchoredStore();
    const id = idAt(x.dir, 1, 2);
    sql(
      x.dir,
      "UPDATE readings SET payload = substr(payload, 1, 20) || x'00' || substr(payload, 22) WHERE id = ?",
      id,
    );
    const r = await verify(x);
    expect(r.ok).toBe(false);
    expect(r.batches.bad).toEqual([1]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ batch: 1, kind: 'modified', readingId: id, batchIndex: 2 }),
    );
  });

  it('names a reading whose value was changed and re-encrypted with the right key', async () => {
    const x = await anchoredStore();
    const id = idAt(x.dir, 0, 1);
    const stored = (await x.store.getReading(id))!;
    const forged = structuredClone(stored.reading!);
    forged.observation.valueQuantity!.value = 180;
    const sealed = await x.store.encryptPayload(stored.patient, id, readingLeafBytes(forged));
    sql(x.dir, 'UPDATE readings SET payload = ? WHERE id = ?', sealed, id);
    const r = await verify(x);
    expect(r.batches.bad).toEqual([0]);
    expect(r.issues).toEqual([
      expect.objectContaining({ batch: 0, kind: 'modified', readingId: id, batchIndex: 1 }),
    ]);
  });

  it('reports a deleted reading row by batch and index', async () => {
    const x = await anchoredStore();
    sql(x.dir, 'DELETE FROM readings WHERE id = ?', idAt(x.dir, 2, 3));
    const r = await verify(x);
    expect(r.batches.bad).toEqual([2]);
    expect(r.issues).toContainEqual(expect.objectContaining({ batch: 2, kind: 'deleted', batchIndex: 3 }));
  });

  it('names an inserted row', async () => {
    const x = await anchoredStore();
    const src = idAt(x.dir, 1, 0);
    sql(
      x.dir,
      `INSERT INTO readings (id, device_id, seq, patient, code, effective_at, received_at, transport, leaf_hash, payload, quarantined, batch_seq, batch_index)
       SELECT 'forged-1', device_id, 999, patient, code, effective_at, received_at, transport, leaf_hash, payload, 0, 1, 4 FROM readings WHERE id = ?`,
      src,
    );
    const r = await verify(x);
    expect(r.batches.bad).toEqual([1]);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ batch: 1, kind: 'inserted', readingId: 'forged-1' }),
    );
  });

  it('names both readings when two rows swap batch_index', async () => {
    const x = await anchoredStore();
    const a = idAt(x.dir, 0, 0);
    const b = idAt(x.dir, 0, 3);
    sql(x.dir, 'UPDATE readings SET batch_index = 99 WHERE id = ?', a);
    sql(x.dir, 'UPDATE readings SET batch_index = 0 WHERE id = ?', b);
    sql(x.dir, 'UPDATE readings SET batch_index = 3 WHERE id = ?', a);
    const r = await verify(x);
    expect(r.batches.bad).toEqual([0]);
    const reordered = r.issues.filter((i) => i.kind === 'reordered').map((i) => i.readingId);
    expect(reordered.sort()).toEqual([a, b].sort());
  });

  it('reports an altered and a deleted batch row', async () => {
    const x = await anchoredStore();
    sql(x.dir, `UPDATE batches SET root = x'${'11'.repeat(32)}' WHERE seq = 1`);
    sql(x.dir, 'DELETE FROM batches WHERE seq = 2');
    const r = await verify(x);
    expect(r.issues).toContainEqual(expect.objectContaining({ batch: 1, kind: 'batch-row-altered' }));
    expect(r.issues).toContainEqual(expect.objectContaining({ batch: 2, kind: 'batch-row-deleted' }));
    // the readings themselves still verify against the chain
    expect(r.issues.filter((i) => i.readingId)).toEqual([]);
  });

  it('reports a batch marked anchored that the chain does not have', async () => {
    const x = await anchoredStore();
    await x.insert(2);
    await createBatcher({ store: x.store, size: 4 }).flush();
    sql(
      x.dir,
      "UPDATE batches SET status = 'anchored', anchor_tx = '0xdead', anchor_block = 1 WHERE seq = 3",
    );
    const r = await verify(x);
    expect(r.issues).toEqual([expect.objectContaining({ batch: 3, kind: 'batch-missing-on-chain' })]);
  });

  it('names a changed metadata column and an altered leaf_hash column', async () => {
    const x = await anchoredStore();
    const a = idAt(x.dir, 0, 2);
    const b = idAt(x.dir, 2, 1);
    sql(x.dir, "UPDATE readings SET device_id = 'dev-99' WHERE id = ?", a);
    sql(x.dir, `UPDATE readings SET leaf_hash = x'${'22'.repeat(32)}' WHERE id = ?`, b);
    const r = await verify(x);
    expect(r.issues).toContainEqual(
      expect.objectContaining({ batch: 0, kind: 'metadata-mismatch', readingId: a }),
    );
    expect(r.issues).toContainEqual(
      expect.objectContaining({ batch: 2, kind: 'leaf-hash-altered', readingId: b }),
    );
  });

  it('reports crypto-shredded readings as erased, not tampered', async () => {
    const x = await anchoredStore();
    await x.store.erasePatient('p-7');
    const r = await verify(x);
    expect(r.ok).toBe(true);
    expect(r.readings.erased).toBe(12);
    expect(r.erasedReadings).toHaveLength(12);
  });

  it('fast mode (recorded column only) passes an intact store, counts erased readings, names column-level tampering', async () => {
    const x = await anchoredStore();
    const fast = async () => {
      const file = openStoreFile(x.dir, x.store.gatewayId);
      try {
        return await verifyStore({ store: x.store, file, chain: x.chain, mode: 'fast' });
      } finally {
        file.close();
      }
    };
    expect(await fast()).toMatchObject({ ok: true, issues: [], readings: { checked: 12, erased: 0 } });
    await x.store.erasePatient('p-7');
    const erased = await fast();
    expect(erased).toMatchObject({ ok: true, readings: { checked: 12, erased: 12 } });
    expect(erased.erasedReadings).toHaveLength(12);
    const a = idAt(x.dir, 0, 0);
    const b = idAt(x.dir, 0, 3);
    const c = idAt(x.dir, 1, 2);
    sql(x.dir, 'UPDATE readings SET batch_index = 99 WHERE id = ?', a);
    sql(x.dir, 'UPDATE readings SET batch_index = 0 WHERE id = ?', b);
    sql(x.dir, 'UPDATE readings SET batch_index = 3 WHERE id = ?', a);
    sql(x.dir, `UPDATE readings SET leaf_hash = x'${'22'.repeat(32)}' WHERE id = ?`, c);
    sql(x.dir, 'DELETE FROM readings WHERE id = ?', idAt(x.dir, 2, 3));
    const r = await fast();
    expect(r.ok).toBe(false);
    expect(r.batches.bad).toEqual([0, 1, 2]);
    expect(
      r.issues
        .filter((i) => i.kind === 'reordered')
        .map((i) => i.readingId)
        .sort(),
    ).toEqual([a, b].sort());
    // Without decryption a changed leaf_hash cannot be told from a changed reading: the batch is named.
    expect(r.issues).toContainEqual(expect.objectContaining({ batch: 1, kind: 'suspect' }));
    expect(r.issues).toContainEqual(expect.objectContaining({ batch: 2, kind: 'deleted', batchIndex: 3 }));
  });
});
