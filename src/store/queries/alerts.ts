import type { StoreContext } from '../context.ts';

/** One persisted alert: searchable columns in clear, what it rests on (values) sealed with the patient key. */
export type AlertRow = {
  id: string;
  patient: string;
  family: string;
  reason: string;
  status: string;
  priority: string;
  createdAt: number;
  updatedAt: number;
  /** JSON of the whole alert; null on read when the patient was erased (crypto-shredding). */
  body: Uint8Array | null;
};

export type ListAlertRowsParameters = { status?: string[]; patient?: string; limit: number };

const aadId = (id: string) => `alert:${id}`;

/** Inserts or replaces alerts (one transaction); the body is encrypted with the patient's data key. */
export async function saveAlerts(ctx: StoreContext, rows: readonly AlertRow[]): Promise<void> {
  const sealed = await Promise.all(
    rows.map((r) => ctx.keys.encryptPayload(r.patient, aadId(r.id), r.body ?? new Uint8Array())),
  );
  await ctx.driver.transaction(async (tx) => {
    for (const [i, r] of rows.entries()) {
      await tx.run(
        `INSERT INTO alerts (id, patient, family, reason, status, priority, created_at, updated_at, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, status = excluded.status,
           priority = excluded.priority, updated_at = excluded.updated_at, body = excluded.body`,
        [r.id, r.patient, r.family, r.reason, r.status, r.priority, r.createdAt, r.updatedAt, sealed[i]!],
      );
    }
  });
}

/** Alerts newest first; erased patients' alerts come back with `body: null`. */
export async function listAlertRows(ctx: StoreContext, params: ListAlertRowsParameters): Promise<AlertRow[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (params.status?.length) {
    where.push(`status IN (${params.status.map(() => '?').join(', ')})`);
    args.push(...params.status);
  }
  if (params.patient !== undefined) {
    where.push('patient = ?');
    args.push(params.patient);
  }
  const rows = await ctx.driver.all<Record<string, unknown>>(
    `SELECT id, patient, family, reason, status, priority, created_at, updated_at, body FROM alerts
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`,
    [...args, params.limit],
  );
  return Promise.all(
    rows.map(async (r) => {
      const patient = r.patient as string;
      let body: Buffer | null = null;
      try {
        body = await ctx.keys.decryptPayload(patient, aadId(r.id as string), r.body as Buffer);
      } catch (error) {
        if ((error as { code?: string }).code !== 'VIGIL_PATIENT_ERASED') throw error;
      }
      return {
        id: r.id as string,
        patient,
        family: r.family as string,
        reason: r.reason as string,
        status: r.status as string,
        priority: r.priority as string,
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
        body,
      };
    }),
  );
}
