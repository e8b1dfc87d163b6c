import type { KeyObject } from 'node:crypto';
import {
  type DeviceMqttCredentials,
  deviceMqttCredentials,
  exportPublicKeySec1,
  type SignedReading,
  signReading,
  toBytes32Id,
} from '../identity/index.ts';
import { buildObservation, type VitalValue } from '../ingest/buildObservation.ts';
import type { VitalKind } from '../ingest/vitals.ts';

/** Kinds of bedside device and the vitals each may report. */
export const DEVICE_KINDS = {
  monitor: ['heartRate', 'respiratoryRate', 'bloodPressure'],
  oximeter: ['spo2', 'heartRate'],
  thermometer: ['bodyTemperature'],
} as const satisfies Record<string, readonly VitalKind[]>;

export type DeviceKind = keyof typeof DEVICE_KINDS;

/** Inputs of `createSimulatedDevice`. */
export type CreateSimulatedDeviceParameters = {
  deviceId: string;
  /** Patient pseudonym the device is attached to. */
  patient: string;
  kind: DeviceKind;
  privateKey: KeyObject;
  /** Last seq already used (default 0: the first reading has seq 1). */
  lastSeq?: number;
};

/** A simulated device: signs readings with strictly increasing seq. */
export type SimulatedDevice = {
  readonly deviceId: string;
  readonly patient: string;
  readonly kind: DeviceKind;
  /** SEC1 uncompressed public key (65 bytes), as registered on chain. */
  readonly publicKey: Uint8Array;
  readonly deviceIdBytes32: `0x${string}`;
  readonly lastSeq: number;
  /** Builds and signs one vital-signs Observation. */
  sign(vital: VitalKind, value: VitalValue, effectiveAt: Date | number | string): SignedReading;
  /** Fresh credentials for the gateway's MQTT broker (username = device id, password = a connect token). */
  mqttCredentials(clientId?: string): DeviceMqttCredentials;
};

/** Creates a simulated device that signs FHIR vital-sign readings for one patient. */
export function createSimulatedDevice(p: CreateSimulatedDeviceParameters): SimulatedDevice {
  const deviceIdBytes32 = toBytes32Id(p.deviceId); // validates the id
  toBytes32Id(p.patient);
  const publicKey = exportPublicKeySec1(p.privateKey);
  const allowed = new Set<VitalKind>(DEVICE_KINDS[p.kind]);
  let seq = p.lastSeq ?? 0;
  return {
    deviceId: p.deviceId,
    patient: p.patient,
    kind: p.kind,
    publicKey,
    deviceIdBytes32,
    get lastSeq() {
      return seq;
    },
    sign(vital, value, effectiveAt) {
      if (!allowed.has(vital)) throw new TypeError(`a ${p.kind} does not measure ${vital}`);
      const observation = buildObservation({
        kind: vital,
        value,
        deviceId: p.deviceId,
        patient: p.patient,
        effectiveAt,
      });
      seq += 1;
      return signReading(p.privateKey, { v: 1, deviceId: p.deviceId, seq, observation });
    },
    mqttCredentials: (clientId) => deviceMqttCredentials(p.privateKey, p.deviceId, clientId),
  };
}
