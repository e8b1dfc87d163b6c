import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from './openStore.ts';
import { makeInput, makeReading } from './testing/fixtures.ts';
import { describeStoreContract } from './testing/storeContract.ts';
import type { Store } from './types.ts';

describeStoreContract('SQLite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
  let store: Store = await openStore({ dataDir });
  const raw = new Database(join(dataDir, 'vigil.db'));
  return {
    store,
    async sql(sql, params = []) {
      const stmt = raw.prepare(sql);
      if (stmt.reader) return stmt.all(...params) as Record<string, unknown>[];
      stmt.run(...params);
      return [];
    },
    async reopen() {
      await store.close();
      store = await openStore({ dataDir });
      return store;
    },
    async cleanup() {
      raw.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('SQLite store files', () => {
  it('creates the master key file with mode 0600 and uses WAL with synchronous FULL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
    try {
      const store = await openStore({ dataDir });
      await store.close();
      expect(statSync(join(dataDir, 'keys', 'master.key')).mode & 0o777).toBe(0o600);
      const db = new Database(join(dataDir, 'vigil.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('cannot unwrap patient keys with another master key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
    try {
      const first = await openStore({ dataDir, masterKey: 'a'.repeat(64) });
      await first.insertReadings([makeInput(makeReading('dev-1', 1, 'pat-1'))]);
      await first.close();
      const second = await openStore({ dataDir, masterKey: 'b'.repeat(64) });
      await expect(second.listReadings({ limit: 1 })).rejects.toMatchObject({
        code: 'VIGIL_STORE_DECRYPT_FAILED',
      });
      await second.close();
      await expect(openStore({ dataDir, masterKey: 'xyz' })).rejects.toMatchObject({
        code: 'VIGIL_STORE_MASTER_KEY_INVALID',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an erasure by another process stops writes at once and reads after the cache TTL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
    try {
      const a = await openStore({ dataDir });
      const b = await openStore({ dataDir });
      await a.insertReadings([makeInput(makeReading('dev-1', 1, 'pat-1'))]);
      expect((await a.listReadings({ limit: 1 }))[0]?.erased).toBe(false);
      await b.erasePatient('pat-1');
      const late = await a.insertReadings([makeInput(makeReading('dev-1', 2, 'pat-1'))]);
      expect(late.outcomes[0]).toMatchObject({ status: 'erased' });
      // The write check also refreshed a's cache, so reads stop too.
      expect((await a.listReadings({ limit: 1 }))[0]).toMatchObject({ erased: true, reading: null });
      await a.close();
      await b.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('re-reads patient keys after the cache TTL, so an erasure by another process stops reads', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
    try {
      const a = await openStore({ dataDir, keyCacheTtlMs: 0 });
      const b = await openStore({ dataDir });
      await a.insertReadings([makeInput(makeReading('dev-1', 1, 'pat-1'))]);
      expect((await a.listReadings({ limit: 1 }))[0]?.erased).toBe(false);
      await b.erasePatient('pat-1');
      expect((await a.listReadings({ limit: 1 }))[0]).toMatchObject({ erased: true, reading: null });
      await a.close();
      await b.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses calls after close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-store-test-'));
    const store = await openStore({ dataDir });
    await store.close();
    await expect(store.countReadings()).rejects.toMatchObject({ code: 'VIGIL_STORE_FAILED' });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
