import { randomBytes } from 'node:crypto';
import {
  type AccessDb,
  createUser,
  listUsers,
  type Role,
  setDisplayName,
  setOrganisationName,
} from '../../access/index.ts';

/** A demo sign-in (the password exists only in memory and on the console at first start). */
export type DemoSignIn = { username: string; role: Role; password: string; patient?: string };

/** Parameters of {@link createDemoUsers}. */
export type CreateDemoUsersParameters = {
  /** The pseudonym the demo patient user is bound to. */
  patient: string;
  /** The clinician's organisation (default `demo-hospital`). */
  organisation?: string;
};

/** The demo users: one per role. The clinician's consent grantee is `clin-dr.grey`. */
export const DEMO_USERS = {
  admin: 'demo-admin',
  clinician: 'dr.grey',
  patient: 'pat.one',
  auditor: 'audit.ann',
} as const;

/** The names the demo users and the demo organisation are shown by (the consent directory). */
export const DEMO_NAMES: Record<string, string> = {
  'demo-admin': 'Demo Administrator',
  'dr.grey': 'Dr Meredith Grey',
  'pat.one': 'Pat One',
  'audit.ann': 'Ann Auditor',
  'demo-hospital': 'Demo Hospital',
};

/**
 * Creates the demo users (admin, clinician, patient bound to `patient`, auditor) with freshly generated
 * passwords, stored scrypt-hashed. Returns the sign-ins, or `null` when the demo users already exist
 * (their passwords were printed at the first start and are not recoverable).
 */
export async function createDemoUsers(
  db: AccessDb,
  params: CreateDemoUsersParameters,
): Promise<DemoSignIn[] | null> {
  const existing = new Set((await listUsers(db)).map((u) => u.username));
  if (existing.has(DEMO_USERS.admin)) return null;
  const password = () => randomBytes(12).toString('base64url');
  const signIns: DemoSignIn[] = [
    { username: DEMO_USERS.admin, role: 'admin', password: password() },
    { username: DEMO_USERS.clinician, role: 'clinician', password: password() },
    { username: DEMO_USERS.patient, role: 'patient', password: password(), patient: params.patient },
    { username: DEMO_USERS.auditor, role: 'auditor', password: password() },
  ];
  for (const s of signIns) {
    await createUser(db, {
      username: s.username,
      role: s.role,
      password: s.password,
      ...(s.patient ? { patient: s.patient } : {}),
      ...(s.role === 'clinician' ? { organisation: params.organisation ?? 'demo-hospital' } : {}),
    });
    const name = DEMO_NAMES[s.username];
    if (name) await setDisplayName(db, s.username, name);
  }
  await setOrganisationName(db, params.organisation ?? 'demo-hospital', DEMO_NAMES['demo-hospital']!);
  return signIns;
}
