import type { AccessService, Principal } from '../../access/index.ts';
import { decideWardAccess, wardCandidates } from './decideWardAccess.ts';

/**
 * The devices a caller may see: admins and auditors every device; a clinician only the devices of patients
 * they may read right now (consent for vitals or alerts, or a live break-glass); anyone else none.
 */
export async function visibleDevices<T extends { patient: string | null }>(
  access: AccessService,
  p: Principal,
  devices: readonly T[],
): Promise<T[]> {
  if (p.role === 'admin' || p.role === 'auditor') return [...devices];
  if (p.role !== 'clinician') return [];
  await access.consents.sync().catch(() => undefined);
  const allowed = new Set<string>();
  for (const patient of await wardCandidates(access, p)) {
    const d = await decideWardAccess(access, p, patient);
    if (d.vitals || d.alerts) allowed.add(patient);
  }
  return devices.filter((d) => d.patient !== null && allowed.has(d.patient));
}
