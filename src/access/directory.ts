import { isValidId } from '../identity/ids.ts';
import { UserInvalidError } from './errors.ts';
import type { AccessDb } from './types.ts';

/** One grantee a patient can choose: a clinician (by name) or an organisation. */
export type DirectoryEntry = {
  kind: 'clinician' | 'organisation';
  /** The consent grantee id (on chain). */
  grantee: string;
  /** The name people read. */
  name: string;
  /** Clinicians: their organisation's id and name. */
  organisation?: string;
  organisationName?: string;
};

/**
 * The directory of grantees: every clinician (display name, else username) with their organisation, and
 * every organisation that has clinicians or a registered name. Patients choose from it; consent to
 * anyone else is refused.
 */
export async function listDirectory(db: AccessDb): Promise<DirectoryEntry[]> {
  const orgRows = await db.all<Record<string, unknown>>(
    'SELECT org_id, display_name FROM access_organisations',
  );
  const orgNames = new Map(orgRows.map((r) => [r.org_id as string, r.display_name as string]));
  const clinicians = await db.all<Record<string, unknown>>(
    `SELECT username, display_name, grantee, organisation FROM access_users
     WHERE role = 'clinician' AND grantee IS NOT NULL ORDER BY username`,
  );
  const out: DirectoryEntry[] = [];
  const orgs = new Set(orgNames.keys());
  for (const c of clinicians) {
    const org = (c.organisation as string | null) ?? undefined;
    if (org) orgs.add(org);
    out.push({
      kind: 'clinician',
      grantee: c.grantee as string,
      name: (c.display_name as string | null) ?? (c.username as string),
      ...(org ? { organisation: org, organisationName: orgNames.get(org) ?? org } : {}),
    });
  }
  for (const org of [...orgs].sort()) {
    out.push({ kind: 'organisation', grantee: org, name: orgNames.get(org) ?? org });
  }
  return out;
}

/** The directory entry of a grantee id, or null when nobody by that id may receive consent. */
export async function findGrantee(db: AccessDb, grantee: string): Promise<DirectoryEntry | null> {
  return (await listDirectory(db)).find((e) => e.grantee === grantee) ?? null;
}

/** 1-80 characters, none of them a control character (a name is shown as text on screens and in CSV). */
const validName = (name: string) =>
  name.length >= 1 &&
  name.length <= 80 &&
  [...name].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f);

/** Sets the name people read for a user (1-80 printable characters). */
export async function setDisplayName(db: AccessDb, username: string, name: string): Promise<void> {
  if (!validName(name.trim())) throw new UserInvalidError('a display name has 1-80 printable characters');
  const changed = await db.run('UPDATE access_users SET display_name = ? WHERE username = ?', [
    name.trim(),
    username,
  ]);
  if (changed === 0) throw new UserInvalidError(`no user ${username}`);
}

/** Registers (or renames) an organisation in the directory. */
export async function setOrganisationName(db: AccessDb, orgId: string, name: string): Promise<void> {
  if (!isValidId(orgId)) throw new UserInvalidError('an organisation id is a Vigil id (1-31 characters)');
  if (!validName(name.trim()))
    throw new UserInvalidError('an organisation name has 1-80 printable characters');
  await db.run(
    `INSERT INTO access_organisations (org_id, display_name) VALUES (?, ?)
     ON CONFLICT (org_id) DO UPDATE SET display_name = excluded.display_name`,
    [orgId, name.trim()],
  );
}
