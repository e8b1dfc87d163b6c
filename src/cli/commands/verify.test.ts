import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/runCli.ts';
import { createAnchorer } from '../../integrity/createAnchorer.ts';
import { createBatcher } from '../../integrity/createBatcher.ts';
import { createProofService } from '../../integrity/getProofDocument.ts';
import { HARNESS_ENV, openIntegrityHarness } from '../../integrity/testing/harness.ts';

describe('vigil verify / export / verify proof / verify export', () => {
  it('passes an intact store, fails a tampered one naming batch and reading, and checks proofs and exports', async () => {
    const h = await openIntegrityHarness();
    const dir = h.dir;
    try {
      await h.insert(9);
      await createBatcher({ store: h.store, size: 4 }).flush();
      await createAnchorer({ store: h.store, chain: h.chain }).drain();
      const id = (await h.store.listReadings({ limit: 10 })).find(
        (r) => r.batchSeq === 1 && r.batchIndex === 2,
      )!.id;
      const proof = await createProofService({ store: h.store, chain: h.chain }).getProofDocument(id);
      writeFileSync(join(dir, 'proof.json'), JSON.stringify(proof));
      writeFileSync(join(dir, 'forged.json'), JSON.stringify({ ...proof, root: proof.proof[0] }));
      await h.release();

      const ok = runCli(['verify', '--data-dir', dir, '--json'], HARNESS_ENV);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, readings: { checked: 9 } });

      const p = runCli(
        ['verify', 'proof', join(dir, 'proof.json'), '--data-dir', dir, '--json'],
        HARNESS_ENV,
      );
      expect(p.code).toBe(0);
      expect(JSON.parse(p.stdout)).toMatchObject({ valid: true, contractPinned: true, seq: 1, leafIndex: 2 });
      const f = runCli(['verify', 'proof', join(dir, 'forged.json'), '--data-dir', dir], HARNESS_ENV);
      expect(f.code).toBe(1);
      expect(f.stdout).toMatch(/INVALID VIGIL_PROOF_PATH_INVALID/);

      const out = join(dir, 'export.json');
      const e = runCli(
        ['export', '--patient', 'p-7', '--out', out, '--data-dir', dir, '--json'],
        HARNESS_ENV,
      );
      expect(e.code).toBe(0);
      expect(JSON.parse(e.stdout)).toMatchObject({ exported: 9 });
      expect(runCli(['verify', 'export', out, '--data-dir', dir], HARNESS_ENV).code).toBe(0);
      const bundle = JSON.parse(readFileSync(out, 'utf8'));
      bundle.entry[4].resource.valueQuantity.value = 42;
      writeFileSync(out, JSON.stringify(bundle));
      const bad = runCli(['verify', 'export', out, '--data-dir', dir, '--json'], HARNESS_ENV);
      expect(bad.code).toBe(1);
      expect(JSON.parse(bad.stdout).invalid).toEqual([
        expect.objectContaining({ index: 4, code: 'VIGIL_EXPORT_ENTRY_ALTERED' }),
      ]);

      const db = new Database(join(dir, 'vigil.db'));
      db.prepare('DELETE FROM readings WHERE id = ?').run(id);
      db.close();
      const t = runCli(['verify', '--data-dir', dir], HARNESS_ENV);
      expect(t.code).toBe(1);
      expect(t.stdout).toMatch(/TAMPERED/);
      expect(t.stdout).toMatch(/batch 1 deleted index 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
