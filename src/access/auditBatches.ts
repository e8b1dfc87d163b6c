import { toBytes32Id } from '../identity/ids.ts';
import { toHex32 } from '../integrity/hex.ts';
import { merkleRoot } from '../integrity/merkleRoot.ts';
import { ZERO_ROOT_BYTES } from '../integrity/zeroRoot.ts';
import { type ChainContext, readContract, writeContract } from '../ledger/index.ts';
import { AuditTamperedError } from './errors.ts';
import type { AccessDb } from './types.ts';

/** A sealed audit batch. */
export type AuditBatch = {
  gatewayId: string;
  seq: number;
  root: Buffer;
  prevRoot: Buffer;
  count: number;
  firstId: number;
  lastId: number;
  createdAt: number;
  anchorTx: string | null;
  anchorBlock: number | null;
};

function toBatch(r: Record<string, unknown>): AuditBatch {
  return {
    gatewayId: r.gateway_id as string,
    seq: Number(r.seq),
    root: Buffer.from(r.root as Uint8Array),
    prevRoot: Buffer.from(r.prev_root as Uint8Array),
    count: Number(r.count),
    firstId: Number(r.first_id),
    lastId: Number(r.last_id),
    createdAt: Number(r.created_at),
    anchorTx: (r.anchor_tx as string | null) ?? null,
    anchorBlock: r.anchor_block === null ? null : Number(r.anchor_block),
  };
}

/** Audit batches of a gateway in sequence order (optionally only those not anchored yet). */
export async function listAuditBatches(
  db: AccessDb,
  gatewayId: string,
  params: { pending?: boolean } = {},
): Promise<AuditBatch[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM audit_batches WHERE gateway_id = ?${params.pending ? ' AND anchor_tx IS NULL' : ''} ORDER BY seq`,
    [gatewayId],
  );
  return rows.map(toBatch);
}

/**
 * Seals up to `maxEntries` unbatched audit entries (in id order) into the next batch of `gatewayId`:
 * RFC 6962 root of their leaf hashes, chained to the previous batch's root. Null when none is waiting.
 */
export async function sealAuditBatch(
  db: AccessDb,
  params: { gatewayId: string; maxEntries?: number; now?: number },
): Promise<AuditBatch | null> {
  return db.transaction(async (tx) => {
    const rows = await tx.rows(
      'SELECT id, leaf_hash FROM audit_events WHERE batch_seq IS NULL ORDER BY id LIMIT ?',
      [params.maxEntries ?? 10_000],
    );
    if (rows.length === 0) return null;
    const [last] = await tx.rows(
      'SELECT seq, root FROM audit_batches WHERE gateway_id = ? ORDER BY seq DESC LIMIT 1',
      [params.gatewayId],
    );
    const seq = last ? Number(last[0]) + 1 : 0;
    const prevRoot = last ? Buffer.from(last[1] as Uint8Array) : ZERO_ROOT_BYTES;
    const root = merkleRoot(rows.map((r) => r[1] as Uint8Array));
    const firstId = Number(rows[0]![0]);
    const lastId = Number(rows.at(-1)![0]);
    const createdAt = params.now ?? Date.now();
    await tx.run(
      `INSERT INTO audit_batches (gateway_id, seq, root, prev_root, count, first_id, last_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [params.gatewayId, seq, root, prevRoot, rows.length, firstId, lastId, createdAt],
    );
    for (const [index, r] of rows.entries()) {
      await tx.run('UPDATE audit_events SET batch_gateway = ?, batch_seq = ?, batch_index = ? WHERE id = ?', [
        params.gatewayId,
        seq,
        index,
        Number(r[0]),
      ]);
    }
    return {
      gatewayId: params.gatewayId,
      seq,
      root,
      prevRoot,
      count: rows.length,
      firstId,
      lastId,
      createdAt,
      anchorTx: null,
      anchorBlock: null,
    };
  });
}

/** The chain's record of an audit batch, or null when it was never anchored. */
export async function readChainAuditBatch(
  chain: ChainContext,
  gatewayId: string,
  seq: number,
): Promise<{ root: string; prevRoot: string; count: number; blockNumber: number } | null> {
  const id = toBytes32Id(gatewayId);
  const next = await readContract(chain, 'auditLog', 'nextSequence', [id]);
  if (BigInt(seq) >= next) return null;
  const b = (await readContract(chain, 'auditLog', 'getAuditBatch', [id, BigInt(seq)])) as {
    root: string;
    prevRoot: string;
    count: number | bigint;
    blockNumber: number | bigint;
  };
  return {
    root: b.root.toLowerCase(),
    prevRoot: b.prevRoot.toLowerCase(),
    count: Number(b.count),
    blockNumber: Number(b.blockNumber),
  };
}

/**
 * Anchors every pending audit batch on AuditLog in sequence order. A batch the chain already holds
 * (sent before a crash) is marked from the chain's record when it matches; a differing record throws.
 */
export async function anchorAuditBatches(
  db: AccessDb,
  chain: ChainContext,
  gatewayId: string,
): Promise<{ anchored: number[] }> {
  const anchored: number[] = [];
  const id = toBytes32Id(gatewayId);
  for (const b of await listAuditBatches(db, gatewayId, { pending: true })) {
    const onChain = await readChainAuditBatch(chain, gatewayId, b.seq);
    let tx = 'recovered';
    let block: number;
    if (onChain) {
      if (
        onChain.root !== toHex32(b.root) ||
        onChain.prevRoot !== toHex32(b.prevRoot) ||
        onChain.count !== b.count
      ) {
        throw new AuditTamperedError(`audit batch ${gatewayId}#${b.seq} on chain differs from the store`, {
          details: { gatewayId, seq: b.seq },
        });
      }
      block = onChain.blockNumber;
    } else {
      const receipt = await writeContract(chain, 'auditLog', 'anchorAuditBatch', [
        id,
        BigInt(b.seq),
        toHex32(b.root),
        toHex32(b.prevRoot),
        b.count,
      ]);
      tx = receipt.transactionHash;
      block = Number(receipt.blockNumber);
    }
    await db.run(
      'UPDATE audit_batches SET anchor_tx = ?, anchor_block = ? WHERE gateway_id = ? AND seq = ?',
      [tx, block, gatewayId, b.seq],
    );
    anchored.push(b.seq);
  }
  return { anchored };
}
