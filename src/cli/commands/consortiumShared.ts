import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ConsortiumGateway, ListConsortiumReturnType } from '../../consortium/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { exportPublicKeySec1, importPublicKeySec1 } from '../../identity/index.ts';
import { type ChainContext, connectContracts } from '../../ledger/index.ts';
import { withLedger } from './chain.ts';

/** Runs `task` on the deployed contracts of the configured chain. */
export function withContracts<T>(
  flags: Record<string, unknown>,
  task: (ctx: ChainContext) => Promise<T>,
): Promise<T> {
  return withLedger(flags, async (ledger) => task(await connectContracts(ledger)));
}

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString('hex')}`;

/** A gateway as the CLI prints it (the public key in hex). */
export function gatewayJson(g: ConsortiumGateway) {
  return { ...g, requestKey: hex(g.requestKey) };
}

/** The membership as the CLI prints it with `--json`. */
export function consortiumJson(listing: ListConsortiumReturnType) {
  return {
    ...listing,
    hospitals: listing.hospitals.map((h) => ({ ...h, gateways: h.gateways.map(gatewayJson) })),
  };
}

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/** The membership as text: one line per hospital, one indented line per gateway. */
export function consortiumText(listing: ListConsortiumReturnType): string {
  if (listing.hospitals.length === 0) return 'no hospitals admitted yet ("vigil consortium admit ORG")';
  return listing.hospitals
    .flatMap((h) => [
      `${h.orgId.padEnd(20)} ${h.status.padEnd(10)} admitted ${day(h.admittedAt)}`,
      ...h.gateways.map(
        (g) =>
          `  ${g.gatewayId.padEnd(18)} ${(g.active ? 'active' : g.status === 'active' ? 'inactive (hospital not active)' : g.status).padEnd(10)} ${g.account}  ${g.endpoint}  key v${g.keyVersion}${g.gatewayId === listing.self ? '  (this signer)' : ''}`,
      ),
    ])
    .join('\n');
}

/**
 * Reads a gateway's request-signing public key: a PEM public key or the 65-byte SEC1 point in hex.
 * A private key is refused: the consortium admin must never hold a gateway's private key.
 */
export function readRequestPublicKey(path: string): Uint8Array {
  if (!existsSync(path)) throw new InvalidArgumentError(`no key file at ${path}`);
  const text = readFileSync(path, 'utf8').trim();
  if (text.includes('PRIVATE KEY')) {
    throw new InvalidArgumentError(
      `${path} holds a private key: give the gateway's public key only ("vigil consortium gateway identity" on the gateway prints it)`,
    );
  }
  if (/^(0x)?04[0-9a-fA-F]{128}$/.test(text)) {
    const bytes = new Uint8Array(Buffer.from(text.replace(/^0x/, ''), 'hex'));
    importPublicKeySec1(bytes);
    return bytes;
  }
  if (text.includes('BEGIN PUBLIC KEY')) {
    try {
      return exportPublicKeySec1(createPublicKey(text));
    } catch (cause) {
      throw new InvalidArgumentError(`${path} is not a P-256 public key`, { cause });
    }
  }
  throw new InvalidArgumentError(`${path} holds neither a PEM public key nor a hex SEC1 public key`);
}

/** The `--reason` of a status change, required. */
export function requireReason(flags: Record<string, unknown>): string {
  if (typeof flags.reason !== 'string')
    throw new InvalidArgumentError('give --reason TEXT (public on chain)');
  return flags.reason;
}

export { hex };
