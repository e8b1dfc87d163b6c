import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore } from './openStore.ts';
import { makeInput, makeReading } from './testing/fixtures.ts';
import { describeStoreContract } from './testing/storeContract.ts';
import type { Store } from './types.ts';

const databaseUrl = process.env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ci = process.env.CI === 'true';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Under CI=true the suite always runs, so an unreachable database fails it instead of skipping.
const available = ci || (await reachable());

if (available) {
  describeStoreContract('PostgreSQL', async () => {
    const schema = `vigil_test_${randomBytes(6).toString('hex')}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-pg-'));
    const masterKey = randomBytes(32).toString('hex');
    const options = { dataDir, databaseUrl, masterKey, pgSchema: schema, poolSize: 4 };
    let store: Store = await openStore(options);
    const raw = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
    await raw.connect();
    return {
      store,
      async sql(sql, params = []) {
        let n = 0;
        const res = await raw.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        );
        return res.rows;
      },
      async reopen() {
        await store.close();
        store = await openStore(options);
        return store;
      },
      async cleanup() {
        await store.close();
        await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await raw.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });

  describe('two gateways sharing one PostgreSQL', () => {
    it('give every reading a distinct pos, keep batches apart and share patient keys', async () => {
      const schema = `vigil_test_${randomBytes(6).toString('hex')}`;
      const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-pg-'));
      const masterKey = randomBytes(32).toString('hex');
      const base = { dataDir, databaseUrl, masterKey, pgSchema: schema, poolSize: 3 };
      const a = await openStore({ ...base, gatewayId: 'gw-a' });
      const b = await openStore({ ...base, gatewayId: 'gw-b' });
      try {
        const calls = [];
        for (let i = 0; i < 6; i++) {
          const rows = [1, 2, 3, 4, 5].map((s) => makeInput(makeReading(`dev-${i}`, s, `pat-${s}`)));
          calls.push((i % 2 ? a : b).insertReadings(rows));
        }
        const results = await Promise.all(calls);
        const positions = results.flatMap((r) => r.outcomes.map((o) => (o.status === 'stored' ? o.pos : -1)));
        expect(new Set(positions).size).toBe(30);
        expect(positions.every((p) => p > 0)).toBe(true);
        // Readings written by one gateway decrypt on the other (one key per patient, not per gateway).
        expect((await a.listReadings({ limit: 100 })).filter((r) => r.reading !== null)).toHaveLength(30);
        const un = await a.getUnbatchedReadings({ limit: 100 });
        const half = Math.floor(un.length / 2);
        const root = Buffer.alloc(32, 1);
        await a.createBatch(
          { seq: 0, root, prevRoot: Buffer.alloc(32), createdAt: 1 },
          un.slice(0, half).map((u) => u.pos),
        );
        await b.createBatch(
          { seq: 0, root, prevRoot: Buffer.alloc(32), createdAt: 1 },
          un.slice(half).map((u) => u.pos),
        );
        expect((await a.getBatchLeaves(0)).count).toBe(half);
        expect((await b.getBatchLeaves(0)).count).toBe(un.length - half);
        expect((await a.getBatchLeaves(0)).ids).toEqual(un.slice(0, half).map((u) => u.id));
        await expect(
          b.createBatch({ seq: 1, root, prevRoot: root, createdAt: 2 }, [un[0]!.pos]),
        ).rejects.toMatchObject({ code: 'VIGIL_STORE_BATCH_CONFLICT' });
        // An erasure on gateway b stops new writes on gateway a at once, despite a's cached key.
        await b.erasePatient('pat-1');
        const late = await a.insertReadings([
          makeInput(makeReading('dev-0', 6, 'pat-1')),
          makeInput(makeReading('dev-0', 7, 'pat-2')),
        ]);
        expect(late.outcomes.map((o) => o.status)).toEqual(['erased', 'stored']);
        expect((await a.listReadings({ patient: 'pat-1', limit: 100 })).every((r) => r.erased)).toBe(true);
      } finally {
        await a.close();
        await b.close();
        const raw = new pg.Client({ connectionString: databaseUrl });
        await raw.connect();
        await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await raw.end();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
} else {
  describe('store on PostgreSQL', () => {
    it.skip(`SKIPPED: PostgreSQL unreachable at ${databaseUrl} (set VIGIL_TEST_DATABASE_URL; CI=true makes this fail)`, () => {});
  });
  console.warn(`[store] PostgreSQL tests skipped: ${databaseUrl} unreachable`);
}
