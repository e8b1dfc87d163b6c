import type { StoreContext } from '../context.ts';

/** Counts for health checks, the CLI and the dashboard (no patient data). */
export type StoreStats = {
  backend: 'sqlite' | 'postgres';
  schemaVersion: number;
  readings: number;
  quarantinedReadings: number;
  unbatchedReadings: number;
  batchesPending: number;
  batchesAnchored: number;
  devices: number;
  rejections: number;
  patients: number;
  erasedPatients: number;
};

/** Table counts in one round of small queries. */
export async function getStats(ctx: StoreContext): Promise<StoreStats> {
  const one = async (sql: string, params: (string | number)[] = []) =>
    Number((await ctx.driver.rows(sql, params))[0]?.[0] ?? 0);
  return {
    backend: ctx.driver.dialect.name,
    schemaVersion: await one('SELECT MAX(version) FROM schema_migrations'),
    readings: await one('SELECT COUNT(*) FROM readings'),
    quarantinedReadings: await one('SELECT COUNT(*) FROM readings WHERE quarantined = 1'),
    unbatchedReadings: await one('SELECT COUNT(*) FROM readings WHERE batch_seq IS NULL'),
    batchesPending: await one("SELECT COUNT(*) FROM batches WHERE gateway_id = ? AND status = 'pending'", [
      ctx.gatewayId,
    ]),
    batchesAnchored: await one("SELECT COUNT(*) FROM batches WHERE gateway_id = ? AND status = 'anchored'", [
      ctx.gatewayId,
    ]),
    devices: await one('SELECT COUNT(*) FROM devices'),
    rejections: await one('SELECT COUNT(*) FROM rejections'),
    patients: await one('SELECT COUNT(*) FROM patient_keys WHERE erased_at IS NULL'),
    erasedPatients: await one('SELECT COUNT(*) FROM patient_keys WHERE erased_at IS NOT NULL'),
  };
}
