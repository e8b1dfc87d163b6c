import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../db/Driver.ts';
import { migrations } from '../schema/migrations.ts';
import type { Store } from '../types.ts';
import { canonicalJson, makeInput, makeReading } from './fixtures.ts';

/** A backend under test: a fresh store, raw SQL access to its database, and cleanup. */
export type StoreHarness = {
  store: Store;
  /** Runs raw SQL (with `?` placeholders) against the same database, bypassing the store. */
  sql(sql: string, params?: SqlValue[]): Promise<Record<string, unknown>[]>;
  /** Closes and reopens the store on the same database (same master key source). */
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
};

const expectCode = async (promise: Promise<unknown>, code: string) => {
  await expect(promise).rejects.toMatchObject({ code });
};

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();

/** The behaviour every backend must show; the same suite runs on SQLite and PostgreSQL. */
export function describeStoreContract(backend: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`store on ${backend}`, () => {
    let h: StoreHarness;
    let store: Store;
    // Each test uses its own device and patient names, so tests share one database.
    let n = 0;
    const unique = (prefix: string) => `${prefix}-${++n}`;

    beforeAll(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterAll(async () => {
      await h?.cleanup();
    });

    it('records applied migrations in schema_migrations', async () => {
      const rows = await h.sql('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => Number(r.version))).toEqual(migrations.map((m) => m.version));
    });

    it('stores readings in one call with pos increasing in input order and decrypts them back', async () => {
      const dev = unique('dev');
      const inputs = [1, 2, 3, 4, 5].map((seq) => makeInput(makeReading(dev, seq, unique('pat'))));
      const result = await store.insertReadings(inputs);
      expect(result.stored).toBe(5);
      const positions = result.outcomes.map((o) => (o.status === 'stored' ? o.pos : -1));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(new Set(positions).size).toBe(5);
      const listed = await store.listReadings({ deviceId: dev, limit: 10 });
      expect(listed.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(listed.map((r) => r.pos)).toEqual(positions);
      for (const [i, r] of listed.entries()) {
        expect(r.reading).toEqual(inputs[i]!.reading);
        expect(r.leafHash.equals(sha256(inputs[i]!.canonical))).toBe(true);
        expect(r.code).toBe('8867-4');
        expect(r.erased).toBe(false);
      }
    });

    it('stores no patient value in clear text', async () => {
      const dev = unique('dev');
      const input = makeInput(makeReading(dev, 1, unique('pat')));
      const { outcomes } = await store.insertReadings([input]);
      const id = outcomes[0]!.status === 'stored' ? outcomes[0]!.id : '';
      const [row] = await h.sql('SELECT payload FROM readings WHERE id = ?', [id]);
      const payload = row!.payload as Buffer;
      expect(payload.includes(Buffer.from('valueQuantity'))).toBe(false);
      expect(payload.includes(Buffer.from(input.reading.sig))).toBe(false);
    });

    it('reports a replayed (device, seq) as duplicate and still stores the rest of the call', async () => {
      const dev = unique('dev');
      const pat = unique('pat');
      await store.insertReadings([makeInput(makeReading(dev, 1, pat)), makeInput(makeReading(dev, 2, pat))]);
      const replay = makeInput(makeReading(dev, 2, pat));
      const fresh = makeInput(makeReading(dev, 3, pat));
      const twice = makeInput(makeReading(dev, 4, pat));
      const result = await store.insertReadings([replay, fresh, twice, twice]);
      expect(result.outcomes.map((o) => o.status)).toEqual(['duplicate', 'stored', 'stored', 'duplicate']);
      expect(result.outcomes[0]).toMatchObject({ deviceId: dev, seq: 2 });
      expect(result).toMatchObject({ stored: 2, duplicates: 2 });
      const listed = await store.listReadings({ deviceId: dev, limit: 10 });
      expect(listed.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
      // The stored seq 2 is the original, not the replay.
      expect(listed[1]!.reading!.sig).not.toBe(replay.reading.sig);
    });

    it('stores a call larger than one multi-row statement, with a duplicate across the chunk boundary', async () => {
      const dev = unique('dev');
      const inputs = Array.from({ length: 2500 }, (_, i) =>
        makeInput(makeReading(dev, i + 1, `bulk-${i % 7}`)),
      );
      inputs.splice(1500, 0, makeInput(makeReading(dev, 1, 'bulk-0')));
      const result = await store.insertReadings(inputs);
      expect(result).toMatchObject({ stored: 2500, duplicates: 1 });
      expect(result.outcomes[1500]).toMatchObject({ status: 'duplicate', seq: 1 });
      const positions = result.outcomes.filter((o) => o.status === 'stored').map((o) => o.pos);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect((await store.getLastSeqs()).get(dev)).toBe(2500);
    });

    it('treats a reused reading id as a duplicate', async () => {
      const dev = unique('dev');
      const pat = unique('pat');
      const first = { ...makeInput(makeReading(dev, 1, pat)), id: `${dev}-obs` };
      const second = { ...makeInput(makeReading(dev, 2, pat)), id: `${dev}-obs` };
      const result = await store.insertReadings([first, second]);
      expect(result.outcomes.map((o) => o.status)).toEqual(['stored', 'duplicate']);
    });

    it('rejects a reading without a patient reference', async () => {
      const reading = makeReading(unique('dev'), 1, 'x');
      reading.observation.subject = { reference: 'Group/x' };
      await expectCode(store.insertReadings([makeInput(reading)]), 'VIGIL_STORE_INVALID_ROW');
    });

    it('filters listReadings by patient, code and time and pages with afterPos', async () => {
      const dev = unique('dev');
      const patA = unique('pat');
      const patB = unique('pat');
      const t0 = Date.UTC(2026, 1, 1);
      const inputs = [1, 2, 3, 4, 5, 6].map((seq) =>
        makeInput(makeReading(dev, seq, seq % 2 ? patA : patB, t0 + seq * 1000)),
      );
      await store.insertReadings(inputs);
      const a = await store.listReadings({ patient: patA, limit: 10 });
      expect(a.map((r) => r.seq)).toEqual([1, 3, 5]);
      const window = await store.listReadings({ deviceId: dev, from: t0 + 2000, to: t0 + 5000, limit: 10 });
      expect(window.map((r) => r.seq)).toEqual([2, 3, 4]);
      expect(await store.listReadings({ deviceId: dev, code: '9279-1', limit: 10 })).toEqual([]);
      const page1 = await store.listReadings({ deviceId: dev, limit: 4 });
      const page2 = await store.listReadings({ deviceId: dev, limit: 4, afterPos: page1.at(-1)!.pos });
      expect([...page1, ...page2].map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      await expectCode(store.listReadings({ limit: 0 }), 'VIGIL_STORE_INVALID_ROW');
    });

    it('gets one reading by id and counts readings', async () => {
      const before = await store.countReadings();
      const input = makeInput(makeReading(unique('dev'), 7, unique('pat')));
      const { outcomes } = await store.insertReadings([input]);
      const id = outcomes[0]!.status === 'stored' ? outcomes[0]!.id : '';
      expect((await store.getReading(id))?.reading).toEqual(input.reading);
      expect(await store.getReading('no-such-id')).toBeNull();
      expect(await store.countReadings()).toBe(before + 1);
    });

    it('round-trips encryptPayload/decryptPayload and refuses tampered ciphertext, IV, tag or AAD', async () => {
      const pat = unique('pat');
      const bytes = Buffer.from('{"canonical":"bytes"}');
      const sealed = await store.encryptPayload(pat, 'r1', bytes);
      expect((await store.decryptPayload(pat, 'r1', sealed)).equals(bytes)).toBe(true);
      for (const offset of [0, 1, 14, sealed.length - 1]) {
        const bad = Buffer.from(sealed);
        bad[offset]! ^= 1; // version, IV, tag, ciphertext
        await expectCode(store.decryptPayload(pat, 'r1', bad), 'VIGIL_STORE_DECRYPT_FAILED');
      }
      await expectCode(store.decryptPayload(pat, 'r2', sealed), 'VIGIL_STORE_DECRYPT_FAILED');
      const other = unique('pat');
      await store.encryptPayload(other, 'r0', bytes);
      await expectCode(store.decryptPayload(other, 'r1', sealed), 'VIGIL_STORE_DECRYPT_FAILED');
    });

    it('detects stored payloads swapped between rows (AAD binds id and patient)', async () => {
      const dev = unique('dev');
      const pat = unique('pat');
      const { outcomes } = await store.insertReadings([
        makeInput(makeReading(dev, 1, pat)),
        makeInput(makeReading(dev, 2, pat)),
      ]);
      const [a, b] = outcomes.map((o) => (o.status === 'stored' ? o.id : ''));
      const [rowB] = await h.sql('SELECT payload FROM readings WHERE id = ?', [b!]);
      await h.sql('UPDATE readings SET payload = ? WHERE id = ?', [rowB!.payload as Buffer, a!]);
      await expectCode(store.getReading(a!), 'VIGIL_STORE_DECRYPT_FAILED');
      expect((await store.getReading(b!))?.seq).toBe(2);
    });

    it('crypto-shreds a patient: key deleted, payloads unreadable, leaf hashes kept, new readings refused', async () => {
      const dev = unique('dev');
      const gone = unique('pat');
      const kept = unique('pat');
      const inputs = [makeInput(makeReading(dev, 1, gone)), makeInput(makeReading(dev, 2, kept))];
      await store.insertReadings(inputs);
      const sealed = await store.encryptPayload(gone, 'x', Buffer.from('x'));
      expect(await store.erasePatient(gone)).toEqual({ hadKey: true });
      const [keyRow] = await h.sql('SELECT wrapped_key, erased_at FROM patient_keys WHERE patient = ?', [
        gone,
      ]);
      expect(keyRow!.wrapped_key).toBeNull();
      expect(Number(keyRow!.erased_at)).toBeGreaterThan(0);
      const listed = await store.listReadings({ deviceId: dev, limit: 10 });
      expect(listed[0]).toMatchObject({ patient: gone, erased: true, reading: null });
      expect(listed[0]!.leafHash.equals(sha256(inputs[0]!.canonical))).toBe(true);
      expect(listed[1]).toMatchObject({ erased: false, reading: inputs[1]!.reading });
      await expectCode(store.decryptPayload(gone, 'x', sealed), 'VIGIL_PATIENT_ERASED');
      const after = await store.insertReadings([makeInput(makeReading(dev, 3, gone))]);
      expect(after.outcomes[0]).toMatchObject({ status: 'erased', seq: 3 });
      // Erasing a patient never seen records the erasure; erasing twice is harmless.
      expect(await store.erasePatient(unique('pat'))).toEqual({ hadKey: false });
      expect(await store.erasePatient(gone)).toEqual({ hadKey: false });
    });

    it('the erasure holds for a freshly opened store (no stale key cache)', async () => {
      const pat = unique('pat');
      const dev = unique('dev');
      await store.insertReadings([makeInput(makeReading(dev, 1, pat))]);
      await store.erasePatient(pat);
      store = await h.reopen();
      const [r] = await store.listReadings({ deviceId: dev, limit: 1 });
      expect(r).toMatchObject({ erased: true, reading: null });
    });

    it('creates batches from unbatched readings in pos order and returns their leaves', async () => {
      // Batch everything pending first so this test sees only its own readings.
      const pending = await store.getUnbatchedReadings({ limit: 10_000 });
      const base = (await store.listBatches()).length;
      if (pending.length > 0) {
        await store.createBatch(
          { seq: base + 1, root: Buffer.alloc(32, 9), prevRoot: Buffer.alloc(32), createdAt: 1 },
          pending.map((p) => p.pos),
        );
      }
      const seq = (await store.listBatches()).length + 1;
      const dev = unique('dev');
      const erased = unique('pat');
      const inputs = [1, 2, 3, 4].map((s) =>
        makeInput(makeReading(dev, s, s === 3 ? erased : unique('pat'))),
      );
      await store.insertReadings(inputs);
      const un = await store.getUnbatchedReadings({ limit: 100 });
      expect(un.map((u) => u.leafHash.toString('hex'))).toEqual(
        inputs.map((i) => sha256(i.canonical).toString('hex')),
      );
      expect(un.map((u) => u.pos)).toEqual([...un.map((u) => u.pos)].sort((a, b) => a - b));
      const root = sha256(Buffer.from('root'));
      const batch = await store.createBatch(
        { seq, root, prevRoot: Buffer.alloc(32), createdAt: 123 },
        un.map((u) => u.pos),
      );
      expect(batch).toMatchObject({
        seq,
        count: 4,
        firstPos: un[0]!.pos,
        lastPos: un[3]!.pos,
        status: 'pending',
      });
      expect(await store.getUnbatchedReadings({ limit: 100 })).toEqual([]);
      await store.erasePatient(erased);
      const leaves = await store.getBatchLeaves(seq);
      expect(leaves.count).toBe(4);
      expect(leaves.ids).toEqual(un.map((u) => u.id));
      expect(leaves.leafHashes.map((l) => l.toString('hex'))).toEqual(
        un.map((u) => u.leafHash.toString('hex')),
      );
      expect(leaves.erased).toEqual([false, false, true, false]);
      expect(leaves.canonical[2]).toBeNull();
      expect(leaves.canonical[0]!.toString('utf8')).toBe(canonicalJson(inputs[0]!.reading));
      const hashesOnly = await store.getBatchLeaves(seq, { payloads: false });
      expect(hashesOnly.canonical.every((c) => c === null)).toBe(true);
      expect(hashesOnly.erased).toEqual([false, false, true, false]);
      const stored = await store.getReading(un[1]!.id);
      expect(stored).toMatchObject({ batchGatewayId: store.gatewayId, batchSeq: seq, batchIndex: 1 });
      expect((await store.getBatchLeaves(seq, { gatewayId: 'other-gateway' })).count).toBe(0);
    });

    it('refuses a batch with an existing seq or already-batched readings, changing nothing', async () => {
      const dev = unique('dev');
      await store.insertReadings([
        makeInput(makeReading(dev, 1, unique('pat'))),
        makeInput(makeReading(dev, 2, unique('pat'))),
      ]);
      const un = await store.getUnbatchedReadings({ limit: 100 });
      const seq = (await store.listBatches()).length + 1;
      const b = { seq, root: Buffer.alloc(32, 1), prevRoot: Buffer.alloc(32), createdAt: 5 };
      await store.createBatch(b, [un[0]!.pos]);
      await expectCode(store.createBatch(b, [un[1]!.pos]), 'VIGIL_STORE_BATCH_CONFLICT');
      await expectCode(
        store.createBatch({ ...b, seq: seq + 1 }, [un[1]!.pos, un[0]!.pos]),
        'VIGIL_STORE_BATCH_CONFLICT',
      );
      // Rolled back: no batch seq+1, and the second reading is still unbatched.
      expect(await store.getBatch(seq + 1)).toBeNull();
      expect((await store.getUnbatchedReadings({ limit: 100 })).map((u) => u.pos)).toEqual([un[1]!.pos]);
      await expectCode(store.createBatch({ ...b, seq: seq + 1 }, []), 'VIGIL_STORE_INVALID_ROW');
      await store.createBatch({ ...b, seq: seq + 1 }, [un[1]!.pos]);
    });

    it('numbers a batch of consecutive or gapped positions by list order, refusing an already-batched one', async () => {
      const dev = unique('dev');
      await store.insertReadings([1, 2, 3, 4].map((s) => makeInput(makeReading(dev, s, unique('pat')))));
      const un = (await store.getUnbatchedReadings({ limit: 100 })).slice(-4);
      const seq = (await store.listBatches()).length + 1;
      const b = { seq, root: Buffer.alloc(32, 2), prevRoot: Buffer.alloc(32), createdAt: 6 };
      // Gapped: the second reading is left out (the per-reading path).
      await store.createBatch(b, [un[0]!.pos, un[2]!.pos]);
      expect(await store.getReading(un[2]!.id)).toMatchObject({ batchSeq: seq, batchIndex: 1 });
      // A consecutive range over the already-batched third reading is refused and changes nothing.
      await expectCode(
        store.createBatch({ ...b, seq: seq + 1 }, [un[1]!.pos, un[2]!.pos, un[3]!.pos]),
        'VIGIL_STORE_BATCH_CONFLICT',
      );
      expect(await store.getReading(un[3]!.id)).toMatchObject({ batchSeq: null });
      // Consecutive positions (the ranged path): the two left over, indexed 0 and 1.
      expect(un[3]!.pos).toBe(un[2]!.pos + 1);
      await store.createBatch({ ...b, seq: seq + 1 }, [un[3]!.pos]);
      const more = [5, 6, 7].map((s) => makeInput(makeReading(dev, s, unique('pat'))));
      await store.insertReadings(more);
      const fresh = (await store.getUnbatchedReadings({ limit: 100 })).slice(-3);
      const leftover = un[1]!;
      await store.createBatch({ ...b, seq: seq + 2 }, [leftover.pos]);
      const ranged = await store.createBatch(
        { ...b, seq: seq + 3 },
        fresh.map((f) => f.pos),
      );
      expect(ranged).toMatchObject({ count: 3, firstPos: fresh[0]!.pos, lastPos: fresh[2]!.pos });
      for (const [i, f] of fresh.entries()) {
        expect(await store.getReading(f.id)).toMatchObject({ batchSeq: seq + 3, batchIndex: i });
      }
      expect(await store.getReading(leftover.id)).toMatchObject({ batchSeq: seq + 2, batchIndex: 0 });
    });

    it('marks a batch anchored and lists batches by status', async () => {
      const dev = unique('dev');
      await store.insertReadings([makeInput(makeReading(dev, 1, unique('pat')))]);
      const un = await store.getUnbatchedReadings({ limit: 100 });
      const seq = (await store.listBatches()).length + 1;
      await store.createBatch(
        { seq, root: Buffer.alloc(32, 2), prevRoot: Buffer.alloc(32, 1), createdAt: 7 },
        un.map((u) => u.pos),
      );
      expect((await store.listBatches({ status: 'pending' })).map((b) => b.seq)).toContain(seq);
      const anchored = await store.markBatchAnchored(seq, { tx: '0xabc', block: 42, anchoredAt: 99 });
      expect(anchored).toMatchObject({
        seq,
        status: 'anchored',
        anchorTx: '0xabc',
        anchorBlock: 42,
        anchoredAt: 99,
      });
      expect(anchored.prevRoot.equals(Buffer.alloc(32, 1))).toBe(true);
      expect((await store.listBatches({ status: 'pending' })).map((b) => b.seq)).not.toContain(seq);
      // Idempotent for the same tx, refused for another one or an unknown batch.
      await store.markBatchAnchored(seq, { tx: '0xabc', block: 42, anchoredAt: 99 });
      await expectCode(
        store.markBatchAnchored(seq, { tx: '0xdef', block: 43, anchoredAt: 100 }),
        'VIGIL_STORE_BATCH_CONFLICT',
      );
      await expectCode(
        store.markBatchAnchored(999_999, { tx: '0x1', block: 1, anchoredAt: 1 }),
        'VIGIL_STORE_BATCH_CONFLICT',
      );
      expect(await store.getBatch(seq, 'other-gateway')).toBeNull();
    });

    it('caches devices from the registry, ignoring older events, and tracks last seq', async () => {
      const dev = unique('dev');
      const pat = unique('pat');
      const key = Buffer.alloc(65, 4);
      await store.upsertDevices([
        {
          deviceId: dev,
          orgId: 'org-1',
          kind: 'monitor',
          patient: pat,
          publicKey: key,
          keyVersion: 1,
          status: 'active',
          updatedBlock: 10,
        },
      ]);
      await store.upsertDevices([
        {
          deviceId: dev,
          orgId: 'org-1',
          kind: 'monitor',
          patient: pat,
          publicKey: key,
          keyVersion: 1,
          status: 'revoked',
          updatedBlock: 5,
        },
      ]);
      expect(await store.getDevice(dev)).toMatchObject({
        status: 'active',
        updatedBlock: 10,
        lastSeq: null,
        quarantined: false,
      });
      await store.upsertDevices([
        {
          deviceId: dev,
          orgId: 'org-1',
          kind: 'monitor',
          patient: pat,
          publicKey: key,
          keyVersion: 2,
          status: 'revoked',
          updatedBlock: 11,
        },
      ]);
      expect(await store.getDevice(dev)).toMatchObject({ status: 'revoked', keyVersion: 2 });
      expect((await store.getDevice(dev))!.publicKey.equals(key)).toBe(true);
      await store.insertReadings([makeInput(makeReading(dev, 3, pat)), makeInput(makeReading(dev, 8, pat))]);
      expect((await store.getDevice(dev))!.lastSeq).toBe(8);
      expect((await store.getLastSeqs()).get(dev)).toBe(8);
      expect((await store.listDevices({ patient: pat })).map((d) => d.deviceId)).toEqual([dev]);
      expect((await store.listDevices({ status: 'revoked' })).map((d) => d.deviceId)).toContain(dev);
      expect(await store.getDevice('unknown')).toBeNull();
      await expectCode(
        store.upsertDevices([
          {
            deviceId: dev,
            orgId: 'o',
            kind: 'k',
            patient: null,
            publicKey: Buffer.alloc(33),
            keyVersion: 1,
            status: 'active',
            updatedBlock: 12,
          },
        ]),
        'VIGIL_STORE_INVALID_ROW',
      );
    });

    it('flags new readings of a quarantined device, and earlier ones with sincePos', async () => {
      const dev = unique('dev');
      const pat = unique('pat');
      await store.upsertDevices([
        {
          deviceId: dev,
          orgId: 'org',
          kind: 'monitor',
          patient: pat,
          publicKey: Buffer.alloc(65, 1),
          keyVersion: 1,
          status: 'active',
          updatedBlock: 1,
        },
      ]);
      const first = await store.insertReadings([
        makeInput(makeReading(dev, 1, pat)),
        makeInput(makeReading(dev, 2, pat)),
      ]);
      const pos1 = first.outcomes[0]!.status === 'stored' ? first.outcomes[0]!.pos : 0;
      const flaggedBefore = await store.countReadings({ quarantined: true });
      expect(await store.setQuarantined(dev, true)).toBe(0);
      const later = await store.insertReadings([makeInput(makeReading(dev, 3, pat))]);
      expect(later.outcomes[0]).toMatchObject({ status: 'stored', quarantined: true });
      expect(await store.setQuarantined(dev, true, { sincePos: pos1 })).toBe(2);
      const listed = await store.listReadings({ deviceId: dev, limit: 10 });
      expect(listed.map((r) => r.quarantined)).toEqual([false, true, true]);
      expect(await store.countReadings({ quarantined: true })).toBe(flaggedBefore + 2);
      await store.setQuarantined(dev, false);
      const released = await store.insertReadings([makeInput(makeReading(dev, 4, pat))]);
      expect(released.outcomes[0]).toMatchObject({ quarantined: false });
      await expectCode(store.setQuarantined('nope', true), 'VIGIL_STORE_INVALID_ROW');
    });

    it('keeps rejected messages with reason, hash, size and encrypted bytes cut at 256 KiB', async () => {
      const dev = unique('dev');
      const small = Buffer.from('{"not":"json"');
      const big = Buffer.alloc(300 * 1024, 7);
      const ids = await store.insertRejections([
        {
          receivedAt: 1,
          transport: 'http',
          code: 'VIGIL_SCHEMA_INVALID',
          reason: 'bad json',
          deviceId: dev,
          seq: 4,
          payload: small,
        },
        {
          receivedAt: 2,
          transport: 'mqtt',
          code: 'VIGIL_MESSAGE_TOO_LARGE',
          reason: 'too big',
          deviceId: dev,
          payload: big,
        },
      ]);
      expect(ids).toHaveLength(2);
      const listed = await store.listRejections({ limit: 10, deviceId: dev });
      expect(listed.map((r) => r.id)).toEqual(ids);
      expect(listed[0]).toMatchObject({
        code: 'VIGIL_SCHEMA_INVALID',
        reason: 'bad json',
        seq: 4,
        payloadSize: small.length,
      });
      expect(listed[0]!.payload.equals(small)).toBe(true);
      expect(listed[0]!.payloadSha256.equals(sha256(small))).toBe(true);
      expect(listed[1]).toMatchObject({ seq: null, payloadSize: big.length });
      expect(listed[1]!.payload.length).toBe(256 * 1024);
      expect(listed[1]!.payloadSha256.equals(sha256(big))).toBe(true);
      const [raw] = await h.sql('SELECT payload FROM rejections WHERE id = ?', [ids[0]!]);
      expect((raw!.payload as Buffer).includes(small)).toBe(false);
    });

    it('stores clinician entries with the value sealed, lists them oldest first or the newest per kind, and shreds them with the patient', async () => {
      const pat = unique('pat');
      const other = unique('pat');
      const entry = (
        id: string,
        patient: string,
        kind: 'consciousness' | 'oxygen',
        at: number,
        value: object,
      ) => ({
        id: unique(id),
        patient,
        kind,
        enteredBy: 'dr.grey',
        enteredAt: at,
        value: Buffer.from(JSON.stringify(value)),
      });
      const rows = [
        entry('e', pat, 'consciousness', 1000, { acvpu: 'V' }),
        entry('e', pat, 'consciousness', 2000, { acvpu: 'A' }),
        entry('e', pat, 'oxygen', 1500, { onOxygen: true, flowLpm: 2 }),
        entry('e', other, 'oxygen', 1200, { onOxygen: false }),
      ];
      for (const r of rows) await store.saveClinicalEntry(r);
      const all = await store.listClinicalEntries({ patient: pat });
      expect(all.map((r) => [r.kind, r.enteredAt, JSON.parse(r.value!.toString())])).toEqual([
        ['consciousness', 1000, { acvpu: 'V' }],
        ['oxygen', 1500, { onOxygen: true, flowLpm: 2 }],
        ['consciousness', 2000, { acvpu: 'A' }],
      ]);
      const latest = await store.listClinicalEntries({ latest: true });
      expect(latest.filter((r) => r.patient === pat).map((r) => [r.kind, r.enteredAt])).toEqual([
        ['oxygen', 1500],
        ['consciousness', 2000],
      ]);
      expect(latest.filter((r) => r.patient === other)).toHaveLength(1);
      const [raw] = await h.sql('SELECT body, entered_by FROM clinical_entries WHERE id = ?', [rows[2]!.id]);
      expect(raw!.entered_by).toBe('dr.grey');
      expect((raw!.body as Buffer).includes(Buffer.from('flowLpm'))).toBe(false);
      // An entry is never overwritten: the same id again is refused.
      await expect(store.saveClinicalEntry(rows[0]!)).rejects.toThrow();
      expect(await store.listClinicalEntries({ patient: pat })).toHaveLength(3);
      await store.erasePatient(pat);
      expect((await store.listClinicalEntries({ patient: pat })).map((r) => r.value)).toEqual([
        null,
        null,
        null,
      ]);
    });

    it('sets and overwrites meta values', async () => {
      const key = unique('meta');
      expect(await store.getMeta(key)).toBeNull();
      await store.setMeta(key, '100');
      await store.setMeta(key, '101');
      expect(await store.getMeta(key)).toBe('101');
    });

    it('gives distinct increasing positions to concurrent callers', async () => {
      const devs = [unique('dev'), unique('dev'), unique('dev'), unique('dev')];
      const results = await Promise.all(
        devs.map((dev) =>
          store.insertReadings([1, 2, 3, 4, 5].map((s) => makeInput(makeReading(dev, s, unique('pat'))))),
        ),
      );
      const positions = results.flatMap((r) => r.outcomes.map((o) => (o.status === 'stored' ? o.pos : -1)));
      expect(new Set(positions).size).toBe(20);
      expect(positions.every((p) => p > 0)).toBe(true);
      // Within each call pos follows input order.
      for (const r of results) {
        const p = r.outcomes.map((o) => (o.status === 'stored' ? o.pos : -1));
        expect([...p].sort((a, b) => a - b)).toEqual(p);
      }
    });

    it('reports table counts', async () => {
      const stats = await store.getStats();
      expect(stats).toMatchObject({ backend: store.backend, schemaVersion: migrations.at(-1)!.version });
      expect(stats.readings).toBe(await store.countReadings());
      expect(stats.quarantinedReadings).toBe(await store.countReadings({ quarantined: true }));
      expect(stats.unbatchedReadings).toBe((await store.getUnbatchedReadings({ limit: 100_000 })).length);
      expect(stats.batchesAnchored).toBe((await store.listBatches({ status: 'anchored' })).length);
      expect(stats.erasedPatients).toBeGreaterThanOrEqual(3);
      expect(stats.rejections).toBeGreaterThanOrEqual(2);
    });

    it('keeps everything across close and reopen', async () => {
      const dev = unique('dev');
      const input = makeInput(makeReading(dev, 1, unique('pat')));
      await store.insertReadings([input]);
      const count = await store.countReadings();
      const batches = await store.listBatches();
      store = await h.reopen();
      expect(await store.countReadings()).toBe(count);
      expect((await store.listBatches()).map((b) => b.seq)).toEqual(batches.map((b) => b.seq));
      const [r] = await store.listReadings({ deviceId: dev, limit: 1 });
      expect(r?.reading).toEqual(input.reading);
      const rows = await h.sql('SELECT COUNT(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(migrations.length);
    });
  });
}
