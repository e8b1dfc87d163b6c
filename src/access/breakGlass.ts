import type { AccessDb, Principal } from './types.ts';

/** How long a break-glass grant lasts. */
export const BREAK_GLASS_MS = 60 * 60_000;

/** Records an emergency access of a clinician to a patient for one hour; returns its expiry. */
export async function createBreakGlass(
  db: AccessDb,
  params: { principal: Principal; patient: string; reason: string; now: number },
): Promise<{ expiresAt: number }> {
  const expiresAt = params.now + BREAK_GLASS_MS;
  await db.run(
    `INSERT INTO access_break_glass (username, grantee, patient, reason, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [
      params.principal.username,
      params.principal.grantee ?? params.principal.username,
      params.patient,
      params.reason,
      params.now,
      expiresAt,
    ],
  );
  return { expiresAt };
}

/** The expiry of a live break-glass of `grantee` over `patient`, or null. */
export async function liveBreakGlass(
  db: AccessDb,
  params: { grantee: string; patient: string; now: number },
): Promise<number | null> {
  const [row] = await db.rows(
    'SELECT MAX(expires_at) FROM access_break_glass WHERE patient = ? AND grantee = ? AND expires_at > ?',
    [params.patient, params.grantee, params.now],
  );
  return row?.[0] === null || row?.[0] === undefined ? null : Number(row[0]);
}

/** Patients a clinician holds a live break-glass for. */
export async function breakGlassPatients(db: AccessDb, grantee: string, now: number): Promise<string[]> {
  const rows = await db.rows(
    'SELECT DISTINCT patient FROM access_break_glass WHERE grantee = ? AND expires_at > ? ORDER BY patient',
    [grantee, now],
  );
  return rows.map((r) => r[0] as string);
}
