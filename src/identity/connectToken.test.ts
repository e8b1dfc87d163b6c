import { describe, expect, it } from 'vitest';
import { generateDeviceKeyPair } from './keys.ts';
import { deviceMqttCredentials, signConnectToken } from './signConnectToken.ts';
import { verifyConnectToken } from './verifyConnectToken.ts';

const { privateKey, publicKey } = generateDeviceKeyPair();
const now = Date.UTC(2026, 0, 1);
const issuedAt = now / 1000;
const check = (token: string, o: { deviceId?: string; clientId?: string; at?: number } = {}) =>
  verifyConnectToken(publicKey, {
    deviceId: o.deviceId ?? 'dev-1',
    clientId: o.clientId ?? 'c-1',
    token,
    now: o.at ?? now,
    windowSeconds: 300,
  });

describe('MQTT connect tokens', () => {
  it('verifies a token for the device and client id it was signed for', () => {
    const token = signConnectToken(privateKey, { deviceId: 'dev-1', clientId: 'c-1', issuedAt });
    expect(token).toMatch(/^v1\.\d+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{86}$/);
    expect(check(token)).toMatchObject({ ok: true, issuedAt });
  });

  it('refuses it for another device, another client id, another key, or outside the window', () => {
    const token = signConnectToken(privateKey, { deviceId: 'dev-1', clientId: 'c-1', issuedAt });
    expect(check(token, { deviceId: 'dev-2' })).toEqual({ ok: false, fault: 'signature' });
    expect(check(token, { clientId: 'c-2' })).toEqual({ ok: false, fault: 'signature' });
    const other = signConnectToken(generateDeviceKeyPair().privateKey, {
      deviceId: 'dev-1',
      clientId: 'c-1',
      issuedAt,
    });
    expect(check(other)).toEqual({ ok: false, fault: 'signature' });
    expect(check(token, { at: now + 301_000 })).toEqual({ ok: false, fault: 'stale' });
    expect(check(token, { at: now - 301_000 })).toEqual({ ok: false, fault: 'future' });
  });

  it('refuses malformed and altered tokens without throwing', () => {
    const token = signConnectToken(privateKey, { deviceId: 'dev-1', clientId: 'c-1', issuedAt });
    const [v, at, nonce, sig] = token.split('.') as [string, string, string, string];
    for (const bad of [
      '',
      'v1',
      `${v}.${at}.${nonce}`,
      `v2.${at}.${nonce}.${sig}`,
      `${v}.x.${nonce}.${sig}`,
    ]) {
      expect(check(bad)).toEqual({ ok: false, fault: 'malformed' });
    }
    expect(check(`${v}.${Number(at) + 1}.${nonce}.${sig}`)).toEqual({ ok: false, fault: 'signature' });
    const flipped = `${nonce[0] === 'A' ? 'B' : 'A'}${nonce.slice(1)}`;
    expect(check(`${v}.${at}.${flipped}.${sig}`)).toEqual({ ok: false, fault: 'signature' });
  });

  it('makes credentials with the device id as username and a token bound to the client id', () => {
    const c = deviceMqttCredentials(privateKey, 'dev-1');
    expect(c.username).toBe('dev-1');
    expect(c.clientId).toMatch(/^dev-1-[0-9a-f]{8}$/);
    expect(
      verifyConnectToken(publicKey, {
        deviceId: 'dev-1',
        clientId: c.clientId,
        token: c.password,
        now: Date.now(),
        windowSeconds: 60,
      }).ok,
    ).toBe(true);
  });
});
