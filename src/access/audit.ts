import { leafHash } from '../integrity/leafHash.ts';
import type { AccessDb, Role } from './types.ts';

/** One access, allowed or denied. Never holds values: who, which patient, what, when, why. */
export type AuditEntryInput = {
  at: number;
  actor: string;
  role: Role | 'anonymous';
  patient: string | null;
  /** FHIR resource type or route (`Observation`, `Consent`, `auth`). */
  resource: string;
  /** `read`, `search`, `grant`, `revoke`, `break-glass`, `login`, `erase`, … */
  action: string;
  outcome: 'allowed' | 'denied';
  reason: string;
  breakGlass?: boolean;
};

export type AuditEntry = Required<AuditEntryInput> & {
  id: number;
  leafHash: Buffer;
  batchSeq: number | null;
  batchIndex: number | null;
};

/** The bytes hashed into an entry's Merkle leaf (a fixed-order JSON array of its fields). */
export function auditLeafBytes(e: AuditEntryInput): Buffer {
  return Buffer.from(
    JSON.stringify([
      'vigil-audit/v1',
      e.at,
      e.actor,
      e.role,
      e.patient,
      e.resource,
      e.action,
      e.outcome,
      e.reason,
      e.breakGlass === true,
    ]),
    'utf8',
  );
}

/** Appends one entry to the audit trail; returns its id. */
export async function appendAudit(db: AccessDb, e: AuditEntryInput): Promise<number> {
  const sql = `INSERT INTO audit_events (at, actor, role, patient, resource, action, outcome, reason, break_glass, leaf_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${db.dialect.rowidInserts ? '' : ' RETURNING id'}`;
  const id = await db.insertRowid(sql, [
    e.at,
    e.actor,
    e.role,
    e.patient,
    e.resource,
    e.action,
    e.outcome,
    e.reason,
    e.breakGlass ? 1 : 0,
    leafHash(auditLeafBytes(e)),
  ]);
  return id ?? 0;
}

const COLUMNS =
  'id, at, actor, role, patient, resource, action, outcome, reason, break_glass, leaf_hash, batch_seq, batch_index';

/** Turns an audit_events row (COLUMNS order) into an entry. */
export function toAuditEntry(r: Record<string, unknown>): AuditEntry {
  return {
    id: Number(r.id),
    at: Number(r.at),
    actor: r.actor as string,
    role: r.role as AuditEntry['role'],
    patient: (r.patient as string | null) ?? null,
    resource: r.resource as string,
    action: r.action as string,
    outcome: r.outcome as AuditEntry['outcome'],
    reason: r.reason as string,
    breakGlass: Number(r.break_glass) === 1,
    leafHash: Buffer.from(r.leaf_hash as Uint8Array),
    batchSeq: r.batch_seq === null ? null : Number(r.batch_seq),
    batchIndex: r.batch_index === null ? null : Number(r.batch_index),
  };
}

/** Filters of {@link listAudit}: all optional but `limit`; keyset paging with `beforeId` (newest first). */
export type ListAuditParameters = {
  patient?: string;
  actor?: string;
  outcome?: 'allowed' | 'denied';
  /** Inclusive lower and exclusive upper bound on the time (ms). */
  from?: number;
  to?: number;
  /** Only emergency (break-glass) accesses. */
  breakGlass?: boolean;
  limit: number;
  beforeId?: number;
};

/** Lists audit entries, newest first, filtered by patient, actor, outcome, time and break-glass. */
export async function listAudit(db: AccessDb, params: ListAuditParameters): Promise<AuditEntry[]> {
  const where: string[] = [];
  const values: (string | number)[] = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(clause);
    values.push(value);
  };
  add('patient = ?', params.patient);
  add('actor = ?', params.actor);
  add('outcome = ?', params.outcome);
  add('at >= ?', params.from);
  add('at < ?', params.to);
  add('break_glass = ?', params.breakGlass === undefined ? undefined : params.breakGlass ? 1 : 0);
  add('id < ?', params.beforeId);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
    [...values, params.limit],
  );
  return rows.map(toAuditEntry);
}

/** Entries of one audit batch in batch order. */
export async function auditBatchEntries(db: AccessDb, gatewayId: string, seq: number): Promise<AuditEntry[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM audit_events WHERE batch_gateway = ? AND batch_seq = ? ORDER BY batch_index`,
    [gatewayId, seq],
  );
  return rows.map(toAuditEntry);
}
