import { type KeyObject, randomBytes, sign } from 'node:crypto';

/** What a device's MQTT connect token vouches for: this device, this client id, this moment, once. */
export type ConnectTokenClaims = {
  deviceId: string;
  clientId: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  /** 16 random bytes, base64url: the gateway accepts each token once. */
  nonce: string;
};

/** The username and password a device presents to the gateway's MQTT broker. */
export type DeviceMqttCredentials = { clientId: string; username: string; password: string };

/**
 * The bytes a connect token signs. They start with a fixed text, never with `{`, so no signed reading
 * (RFC 8785 canonical JSON) can pass for a connect token, nor a token for a reading.
 */
export function connectTokenSignedBytes(c: ConnectTokenClaims): Buffer {
  return Buffer.from(
    `vigil-mqtt-connect/v1\n${c.deviceId}\n${c.clientId}\n${c.issuedAt}\n${c.nonce}`,
    'utf8',
  );
}

/**
 * Signs an MQTT connect token with the device's P-256 key: `v1.<issuedAt>.<nonce>.<r‖s base64url>`,
 * bound to the device id (the MQTT username) and the client id, fresh and single-use.
 */
export function signConnectToken(
  privateKey: KeyObject,
  p: { deviceId: string; clientId: string; issuedAt?: number; nonce?: string },
): string {
  const claims: ConnectTokenClaims = {
    deviceId: p.deviceId,
    clientId: p.clientId,
    issuedAt: p.issuedAt ?? Math.floor(Date.now() / 1000),
    nonce: p.nonce ?? randomBytes(16).toString('base64url'),
  };
  const signature = sign('sha256', connectTokenSignedBytes(claims), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `v1.${claims.issuedAt}.${claims.nonce}.${signature.toString('base64url')}`;
}

/**
 * Fresh MQTT credentials of a device: username = device id, password = a new connect token, and a client
 * id (`<deviceId>-<random>` unless given). A reconnect needs new ones (each token is accepted once).
 */
export function deviceMqttCredentials(
  privateKey: KeyObject,
  deviceId: string,
  clientId = `${deviceId}-${randomBytes(4).toString('hex')}`,
): DeviceMqttCredentials {
  return { clientId, username: deviceId, password: signConnectToken(privateKey, { deviceId, clientId }) };
}
