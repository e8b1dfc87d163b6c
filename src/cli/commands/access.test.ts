import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, VIGIL_BIN } from '../../../test/support/runCli.ts';
import { createLedgerConsent } from '../../access/consentChain.ts';
import { createAccessService } from '../../access/createAccessService.ts';
import { createAnchorer } from '../../integrity/createAnchorer.ts';
import { createBatcher } from '../../integrity/createBatcher.ts';
import { HARNESS_ENV, openIntegrityHarness } from '../../integrity/testing/harness.ts';

describe('vigil user / patient erase / verify audit', () => {
  it('creates users without a password in argv, erases a patient (verify stays intact) and catches a tampered audit row', async () => {
    const h = await openIntegrityHarness();
    const dir = h.dir;
    try {
      await h.insert(6);
      await createBatcher({ store: h.store, size: 4 }).flush();
      await createAnchorer({ store: h.store, chain: h.chain }).drain();
      const [reading] = await h.store.listReadings({ limit: 1 });
      const patient = reading!.patient;
      const access = createAccessService({
        db: h.store.sql,
        consent: createLedgerConsent(h.chain),
        gatewayId: h.store.gatewayId,
        chain: h.chain,
      });
      for (const action of ['search', 'read', 'search']) {
        await access.audit({
          actor: 'ana',
          role: 'clinician',
          patient,
          resource: 'Observation',
          action,
          outcome: 'allowed',
          reason: 'consent read:vitals to clin-ana',
        });
      }
      await access.flushAudit();
      await h.release();

      const stdin = spawnSync(
        process.execPath,
        [
          VIGIL_BIN,
          'user',
          'create',
          '--data-dir',
          dir,
          '--username',
          'pat',
          '--role',
          'patient',
          '--patient',
          patient,
          '--password-stdin',
          '--json',
        ],
        { input: 'a long enough password\n', env: { ...process.env, ...HARNESS_ENV }, encoding: 'utf8' },
      );
      expect(stdin.status).toBe(0);
      expect(JSON.parse(stdin.stdout)).toEqual({
        username: 'pat',
        role: 'patient',
        patient,
        grantee: null,
        organisation: null,
      });
      const generated = runCli(
        ['user', 'create', '--data-dir', dir, '--username', 'root', '--role', 'admin', '--json'],
        HARNESS_ENV,
      );
      expect(generated.code).toBe(0);
      expect(JSON.parse(generated.stdout).generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const noOrg = runCli(
        ['user', 'create', '--data-dir', dir, '--username', 'ana', '--role', 'clinician'],
        HARNESS_ENV,
      );
      expect(noOrg.code).not.toBe(0);
      expect(noOrg.stderr).toContain('VIGIL_USER_INVALID');

      const erase = runCli(['patient', 'erase', patient, '--data-dir', dir, '--json'], HARNESS_ENV);
      expect(erase.code).toBe(0);
      expect(JSON.parse(erase.stdout)).toEqual({ patient, erased: true, hadKey: true });
      const verify = runCli(['verify', '--data-dir', dir, '--json'], HARNESS_ENV);
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, readings: { checked: 6, erased: 6 } });

      const intact = runCli(['verify', 'audit', '--data-dir', dir, '--json'], HARNESS_ENV);
      expect(intact.code).toBe(0);
      // 3 accesses anchored; user creation and erasure entries wait for the next batch.
      expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, entries: { checked: 3, unbatched: 3 } });
      const db = new Database(join(dir, 'vigil.db'));
      db.prepare("UPDATE audit_events SET actor = 'nobody' WHERE batch_seq = 0 AND batch_index = 1").run();
      const id = (
        db.prepare('SELECT id FROM audit_events WHERE batch_seq = 0 AND batch_index = 1').get() as {
          id: number;
        }
      ).id;
      db.close();
      const tampered = runCli(['verify', 'audit', '--data-dir', dir], HARNESS_ENV);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toContain('TAMPERED');
      expect(tampered.stdout).toContain(`batch 0 entry-modified entry ${id}`);
    } finally {
      await h.close();
    }
  }, 120_000);
});
