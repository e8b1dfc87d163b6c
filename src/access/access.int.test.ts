import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.ts';
import { appendAudit, listAudit } from './audit.ts';
import { listAuditBatches, sealAuditBatch } from './auditBatches.ts';
import { createBreakGlass, liveBreakGlass } from './breakGlass.ts';
import { AccountLockedError } from './errors.ts';
import { issueToken, resolveToken, revokeToken } from './sessions.ts';
import { createUser } from './users.ts';

const databaseUrl = process.env.VIGIL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
const available = process.env.CI === 'true' || (await reachable());

/** Runs `fn` on a store in a fresh PostgreSQL schema, dropped afterwards. */
async function withPgStore(poolSize: number, fn: (store: Store) => Promise<void>): Promise<void> {
  const schema = `vigil_access_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-access-pg-'));
  const store = await openStore({
    dataDir,
    databaseUrl,
    masterKey: randomBytes(32).toString('hex'),
    pgSchema: schema,
    poolSize,
  });
  try {
    await fn(store);
  } finally {
    await store.close();
    const raw = new pg.Client({ connectionString: databaseUrl });
    await raw.connect();
    await raw.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await raw.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (available) {
  describe('access tables on PostgreSQL', () => {
    it('stores users, tokens, lock-out, break-glass and sealed audit batches', async () => {
      await withPgStore(2, async (store) => {
        const db = store.sql;
        const ana = await createUser(db, {
          username: 'ana',
          role: 'clinician',
          password: 'correct horse battery',
          organisation: 'org-1',
        });
        const t = await issueToken(db, { username: 'ana', password: 'correct horse battery', now: 1000 });
        expect(await resolveToken(db, t.token, 2000)).toEqual(ana);
        expect(await revokeToken(db, t.token)).toBe(true);
        await expect(resolveToken(db, t.token, 2000)).rejects.toMatchObject({
          code: 'VIGIL_UNAUTHENTICATED',
        });
        for (let i = 0; i < 4; i++) {
          await expect(
            issueToken(db, { username: 'ana', password: 'nope', now: 3000 }),
          ).rejects.toMatchObject({
            code: 'VIGIL_CREDENTIALS_INVALID',
          });
        }
        await expect(issueToken(db, { username: 'ana', password: 'nope', now: 3000 })).rejects.toBeInstanceOf(
          AccountLockedError,
        );
        // After 15 minutes the right password works again.
        const later = await issueToken(db, {
          username: 'ana',
          password: 'correct horse battery',
          now: 3000 + 15 * 60_000 + 1,
        });
        expect(later.principal.username).toBe('ana');

        await createBreakGlass(db, { principal: ana, patient: 'p-1', reason: 'emergency', now: 10_000 });
        expect(await liveBreakGlass(db, { grantee: 'clin-ana', patient: 'p-1', now: 20_000 })).toBe(
          10_000 + 3600_000,
        );
        expect(
          await liveBreakGlass(db, { grantee: 'clin-ana', patient: 'p-1', now: 10_000 + 3600_000 }),
        ).toBeNull();

        for (let i = 0; i < 3; i++) {
          expect(
            await appendAudit(db, {
              at: i,
              actor: 'ana',
              role: 'clinician',
              patient: 'p-1',
              resource: 'Observation',
              action: 'read',
              outcome: 'allowed',
              reason: 'test',
              breakGlass: i === 2,
            }),
          ).toBeGreaterThan(0);
        }
        const b0 = await sealAuditBatch(db, { gatewayId: 'gw-pg' });
        expect(b0).toMatchObject({ seq: 0, count: 3 });
        const [batch] = await listAuditBatches(db, 'gw-pg');
        expect(batch!.root.equals(b0!.root)).toBe(true);
        const entries = await listAudit(db, { patient: 'p-1', limit: 10 });
        expect(entries.map((e) => [e.batchSeq, e.batchIndex, e.breakGlass])).toEqual([
          [0, 2, true],
          [0, 1, false],
          [0, 0, false],
        ]);
      });
    }, 60_000);

    it('refuses the right password among 100 concurrent sign-ins on a pool of connections', async () => {
      await withPgStore(8, async (store) => {
        const db = store.sql;
        await createUser(db, { username: 'target', role: 'auditor', password: 'correct horse battery' });
        const attempts = Array.from({ length: 100 }, (_, i) =>
          issueToken(db, {
            username: 'target',
            password: i === 95 ? 'correct horse battery' : `wrong password ${i}`,
            now: 5000,
          }).then(
            () => 'token',
            (e: { code?: string }) => e.code,
          ),
        );
        const outcomes = await Promise.all(attempts);
        expect(outcomes.filter((o) => o === 'token')).toEqual([]);
        expect(outcomes.filter((o) => o === 'VIGIL_CREDENTIALS_INVALID')).toHaveLength(4);
        expect(outcomes.filter((o) => o === 'VIGIL_ACCOUNT_LOCKED')).toHaveLength(96);
      });
    }, 120_000);
  });
} else {
  describe('access tables on PostgreSQL', () => {
    it.skip(`SKIPPED: PostgreSQL unreachable at ${databaseUrl} (set VIGIL_TEST_DATABASE_URL; CI=true makes this fail)`, () => {});
  });
  console.warn(`[access] PostgreSQL tests skipped: ${databaseUrl} unreachable`);
}
