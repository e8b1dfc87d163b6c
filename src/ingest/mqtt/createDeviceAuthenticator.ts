import { createPublicKeyCache, type PublicKeyCache, verifyConnectToken } from '../../identity/index.ts';
import type { DeviceDirectory } from '../deviceDirectory.ts';

/** A device as its MQTT connection authenticated it. */
export type MqttDeviceIdentity = { deviceId: string; orgId: string };

/** MQTT CONNACK return codes of a refused connection (3.1.1: 4 bad username or password, 5 not authorised). */
export type AuthenticateOutcome =
  | { ok: true; device: MqttDeviceIdentity }
  | { ok: false; returnCode: 4 | 5; reason: string };

/** Inputs of {@link createDeviceAuthenticator}. */
export type CreateDeviceAuthenticatorParameters = {
  /** The registry (cache of the chain): who exists, their key, revoked or not. */
  devices: DeviceDirectory;
  /** Tokens issued further than this from now are refused (default 300 s). */
  windowSeconds?: number;
  now?: () => number;
  keys?: PublicKeyCache;
};

/** Checks the credentials of each MQTT connection against the device registry. */
export type DeviceAuthenticator = {
  authenticate(
    clientId: string,
    username: string | undefined,
    password: Buffer | undefined,
  ): AuthenticateOutcome;
  /** Nonces remembered (their tokens could still be within the window). */
  remembered(): number;
};

/**
 * Authenticates MQTT clients as registered devices: username = device id, password = a connect token
 * signed with the device's current key, bound to the client id, issued within the window, and never
 * seen before (its nonce is remembered until the window has passed, so a captured token cannot be
 * replayed). Unknown and revoked devices are refused. Only tokens with a valid signature are
 * remembered, so the memory is bounded by real devices' connections, not by an attacker's.
 */
export function createDeviceAuthenticator(params: CreateDeviceAuthenticatorParameters): DeviceAuthenticator {
  const { devices } = params;
  const windowSeconds = params.windowSeconds ?? 300;
  const now = params.now ?? Date.now;
  const keys = params.keys ?? createPublicKeyCache();
  // Nonce → when it may be forgotten. Insertion order is forget order (same delay for all), so expired
  // entries are always at the front.
  const seen = new Map<string, number>();
  const refuse = (returnCode: 4 | 5, reason: string): AuthenticateOutcome => ({
    ok: false,
    returnCode,
    reason,
  });

  return {
    authenticate(clientId, username, password) {
      const t = now();
      for (const [nonce, until] of seen) {
        if (until > t) break;
        seen.delete(nonce);
      }
      if (!username || !password)
        return refuse(4, 'a device id (username) and a connect token (password) are required');
      const device = devices.get(username);
      if (!device) return refuse(4, 'unknown device');
      if (device.status !== 'active') return refuse(5, 'the device is revoked');
      const token = password.length <= 256 ? password.toString('utf8') : '';
      const checked = verifyConnectToken(keys.get(device.publicKey), {
        deviceId: device.deviceId,
        clientId,
        token,
        now: t,
        windowSeconds,
      });
      if (!checked.ok) return refuse(4, `connect token refused (${checked.fault})`);
      const key = `${device.deviceId}\u0000${checked.nonce}`;
      if (seen.has(key)) return refuse(4, 'connect token refused (already used)');
      // A token issued at most `windowSeconds` in the future stays valid 2 windows from now, no longer.
      seen.set(key, t + 2 * windowSeconds * 1000);
      return { ok: true, device: { deviceId: device.deviceId, orgId: device.orgId } };
    },
    remembered: () => seen.size,
  };
}
