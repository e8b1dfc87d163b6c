import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openSqlite } from '../db/openSqlite.ts';
import { migrate } from './migrate.ts';
import { migrations } from './migrations.ts';

it('upgrades a database created at an older version and applies each migration once', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-migrate-'));
  try {
    const old = openSqlite({ dataDir });
    expect(await migrate(old, migrations.slice(0, 1))).toEqual({ applied: [1], version: 1 });
    // A reading batched under version 1 (no batch_gateway column yet).
    await old.run(
      "INSERT INTO batches (gateway_id, seq, root, prev_root, count, first_pos, last_pos, created_at) VALUES ('gw-x', 0, x'00', x'00', 1, 1, 1, 1)",
    );
    await old.run(
      "INSERT INTO readings (id, device_id, seq, patient, code, effective_at, received_at, transport, leaf_hash, payload, batch_seq, batch_index) VALUES ('r1', 'd', 1, 'p', '8867-4', 1, 1, 'mqtt', x'00', x'00', 0, 0)",
    );
    await old.close();
    const driver = openSqlite({ dataDir });
    const latest = migrations.at(-1)!.version;
    const upgraded = await migrate(driver);
    expect(upgraded.applied).toEqual(migrations.slice(1).map((m) => m.version));
    expect(upgraded.version).toBe(latest);
    expect(await migrate(driver)).toEqual({ applied: [], version: latest });
    const [row] = await driver.all<{ batch_gateway: string }>(
      "SELECT batch_gateway FROM readings WHERE id = 'r1'",
    );
    expect(row?.batch_gateway).toBe('gw-x');
    await driver.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('rolls back a failing migration and reports it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-migrate-'));
  try {
    const driver = openSqlite({ dataDir });
    const broken = [
      { version: 1, name: 'broken', statements: () => ['CREATE TABLE t (a INTEGER)', 'NOT SQL'] },
    ];
    await expect(migrate(driver, broken)).rejects.toMatchObject({ code: 'VIGIL_STORE_FAILED' });
    expect(await driver.all("SELECT name FROM sqlite_master WHERE name = 't'")).toEqual([]);
    await driver.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
