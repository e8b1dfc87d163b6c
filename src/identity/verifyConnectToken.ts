import { type KeyObject, verify } from 'node:crypto';
import { connectTokenSignedBytes } from './signConnectToken.ts';
import { decodeSignature } from './verifyReadingSignature.ts';

/** Why a connect token was refused. */
export type ConnectTokenFault = 'malformed' | 'signature' | 'stale' | 'future';

/** The outcome of {@link verifyConnectToken}. */
export type VerifyConnectTokenReturnType =
  | { ok: true; issuedAt: number; nonce: string }
  | { ok: false; fault: ConnectTokenFault };

const TOKEN = /^v1\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{86})$/;

/**
 * Checks a device's MQTT connect token: its shape, its signature by the device's key over this device
 * id and client id, and that it was issued within `windowSeconds` of `now` (ms). Never throws on bad
 * input. Single use is the caller's to enforce (it keeps the nonces).
 */
export function verifyConnectToken(
  publicKey: KeyObject,
  p: { deviceId: string; clientId: string; token: string; now: number; windowSeconds: number },
): VerifyConnectTokenReturnType {
  const m = TOKEN.exec(p.token);
  const signature = m ? decodeSignature(m[3]) : undefined;
  if (!m || !signature) return { ok: false, fault: 'malformed' };
  const issuedAt = Number(m[1]);
  const nonce = m[2]!;
  const message = connectTokenSignedBytes({ deviceId: p.deviceId, clientId: p.clientId, issuedAt, nonce });
  if (!verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { ok: false, fault: 'signature' };
  }
  const age = p.now / 1000 - issuedAt;
  if (age > p.windowSeconds) return { ok: false, fault: 'stale' };
  if (age < -p.windowSeconds) return { ok: false, fault: 'future' };
  return { ok: true, issuedAt, nonce };
}
