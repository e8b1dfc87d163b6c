import type { Driver } from '../db/Driver.ts';
import { StoreError } from '../errors.ts';
import { migrations as allMigrations, type Migration } from './migrations.ts';

export type MigrateReturnType = { applied: number[]; version: number };

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own
 * transaction (PostgreSQL: under an advisory lock, so two gateways starting together
 * do not both apply it).
 */
export async function migrate(
  driver: Driver,
  migrations: Migration[] = allMigrations,
): Promise<MigrateReturnType> {
  const d = driver.dialect;
  await driver.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${d.bigint} NOT NULL)`,
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    try {
      const done = await driver.transaction(async (tx) => {
        if (d.name === 'postgres') await tx.run('SELECT pg_advisory_xact_lock(7419000)');
        const rows = await tx.all('SELECT version FROM schema_migrations WHERE version = ?', [
          migration.version,
        ]);
        if (rows.length > 0) return false;
        for (const sql of migration.statements(d)) await tx.run(sql);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        return true;
      });
      if (done) applied.push(migration.version);
    } catch (error) {
      throw new StoreError(`migration ${migration.version} (${migration.name}) failed`, { cause: error });
    }
  }
  const [row] = await driver.all<{ version: number | null }>(
    'SELECT MAX(version) AS version FROM schema_migrations',
  );
  return { applied, version: Number(row?.version ?? 0) };
}
