import type { RejectionCode } from '../rejectionCodes.ts';
import { MAX_MESSAGE_BYTES } from '../schema.ts';
import { bytesOf, type IngestHarness } from './ingestHarness.ts';

/**
 * One way to be rejected, run the same on every transport: send `messages` in order from `device`
 * (all but the last are accepted), and the last is refused with `code`.
 */
export type RejectionScenario = {
  code: RejectionCode;
  name: string;
  /** `reading`: the row names the reading's device; `message`: the transport's device (MQTT topic) or none (HTTP). */
  blame: 'reading' | 'message';
  build(h: IngestHarness, orgId?: string): { deviceId: string; orgId: string; messages: Buffer[] };
};

/** Every rejection a device can provoke (VIGIL_OVERLOADED is the gateway's, tested on its own). */
export const REJECTION_SCENARIOS: RejectionScenario[] = [
  {
    code: 'VIGIL_DEVICE_UNKNOWN',
    name: 'an unregistered device',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ register: false, orgId });
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf(d.sign())] };
    },
  },
  {
    code: 'VIGIL_DEVICE_REVOKED',
    name: 'a revoked device',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ status: 'revoked', orgId });
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf(d.sign())] };
    },
  },
  {
    code: 'VIGIL_DEVICE_MISMATCH',
    name: "a subject that is not the device's patient",
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      return {
        deviceId: d.deviceId,
        orgId: d.orgId,
        messages: [bytesOf(d.sign({ patient: 'someone-else' }))],
      };
    },
  },
  {
    code: 'VIGIL_SIGNATURE_INVALID',
    name: 'a reading changed after signing',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      const reading = d.sign({ value: 72 });
      reading.observation.valueQuantity!.value = 73;
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf(reading)] };
    },
  },
  {
    code: 'VIGIL_READING_REPLAYED',
    name: 'the same reading sent twice',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      const reading = bytesOf(d.sign());
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [reading, reading] };
    },
  },
  {
    code: 'VIGIL_MESSAGE_MALFORMED',
    name: 'bytes that are not JSON',
    blame: 'message',
    build(h, orgId) {
      const d = h.device({ orgId });
      return {
        deviceId: d.deviceId,
        orgId: d.orgId,
        messages: [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x13])],
      };
    },
  },
  {
    code: 'VIGIL_READING_MALFORMED',
    name: 'a reading that fails the schema',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      const { sig: _sig, ...unsigned } = d.sign();
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf(unsigned)] };
    },
  },
  {
    code: 'VIGIL_READING_IMPLAUSIBLE',
    name: 'a heart rate of 400/min',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf(d.sign({ value: 400 }))] };
    },
  },
  {
    code: 'VIGIL_READING_CLOCK_SKEW',
    name: 'a reading one hour in the future',
    blame: 'reading',
    build(h, orgId) {
      const d = h.device({ orgId });
      return {
        deviceId: d.deviceId,
        orgId: d.orgId,
        messages: [bytesOf(d.sign({ at: Date.now() + 3_600_000 }))],
      };
    },
  },
  {
    code: 'VIGIL_MESSAGE_TOO_LARGE',
    name: 'a message over 256 KiB',
    blame: 'message',
    build(h, orgId) {
      const d = h.device({ orgId });
      const reading = d.sign();
      const pad = 'x'.repeat(MAX_MESSAGE_BYTES);
      return { deviceId: d.deviceId, orgId: d.orgId, messages: [bytesOf({ ...reading, pad })] };
    },
  },
  {
    code: 'VIGIL_RATE_EXCEEDED',
    name: 'a device sending past its burst',
    blame: 'reading',
    build(h, orgId) {
      // The harness allows a burst of 3 and practically no refill.
      const d = h.device({ orgId });
      return {
        deviceId: d.deviceId,
        orgId: d.orgId,
        messages: [1, 2, 3, 4].map(() => bytesOf(d.sign())),
      };
    },
  },
];
