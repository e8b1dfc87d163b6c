import type { SignedReading } from '../../identity/reading.ts';
import type { MqttSigningDevice } from './createMqttSender.ts';

/** How the gateway answered one reading. */
export type SendOutcome = { ok: true } | { ok: false; code: string };

/** Delivers signed readings to a gateway over one transport. */
export type ReadingSender = {
  /** Resolves when the gateway acknowledged (durable) or refused the reading. */
  send(orgId: string, reading: SignedReading): Promise<SendOutcome>;
  /** The same for a reading already encoded as JSON bytes (`deviceId` names its topic). */
  sendBytes(orgId: string, deviceId: string, body: Uint8Array): Promise<SendOutcome>;
  close(): Promise<void>;
  /**
   * Gives the sender the devices it will send for, when it signs in as each of them (MQTT: one
   * connection per device, with its connect token); HTTP needs no sign-in.
   */
  enroll?(devices: readonly MqttSigningDevice[]): void;
};
