import { type Rejection, reject } from './rejectionCodes.ts';
import { MAX_MESSAGE_BYTES, MAX_READINGS_PER_MESSAGE } from './schema.ts';

/** Limits for `parseMessage` (defaults: 256 KiB, 500 readings). */
export type ParseMessageOptions = { maxBytes?: number; maxReadings?: number };

/** The readings of a message, still unvalidated (check each with `validateReading`). */
export type ParseMessageReturnType = { ok: true; readings: unknown[] } | Rejection;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Splits a transport message (one SignedReading or `{ readings: [...] }`) into its readings.
 * Message-level faults reject the whole message; each reading is then validated on its own,
 * so one bad reading in a batch does not sink the others.
 */
export function parseMessage(bytes: Uint8Array, options: ParseMessageOptions = {}): ParseMessageReturnType {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const maxReadings = options.maxReadings ?? MAX_READINGS_PER_MESSAGE;
  if (bytes.byteLength > maxBytes) {
    return reject('VIGIL_MESSAGE_TOO_LARGE', `message is ${bytes.byteLength} bytes, limit ${maxBytes}`, {
      bytes: bytes.byteLength,
      limit: maxBytes,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return reject('VIGIL_MESSAGE_MALFORMED', 'message is not UTF-8 JSON', { path: '/' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return reject('VIGIL_MESSAGE_MALFORMED', 'message must be a JSON object', { path: '/' });
  }
  if (!Object.hasOwn(value, 'readings')) return { ok: true, readings: [value] };
  const { readings, ...rest } = value as { readings: unknown };
  if (Object.keys(rest).length > 0) {
    return reject('VIGIL_MESSAGE_MALFORMED', 'a batch message holds only "readings"', {
      path: `/${Object.keys(rest)[0]}`,
    });
  }
  if (!Array.isArray(readings) || readings.length === 0) {
    return reject('VIGIL_MESSAGE_MALFORMED', '"readings" must be a non-empty array', { path: '/readings' });
  }
  if (readings.length > maxReadings) {
    return reject(
      'VIGIL_MESSAGE_TOO_LARGE',
      `message holds ${readings.length} readings, limit ${maxReadings}`,
      {
        path: '/readings',
        readings: readings.length,
        limit: maxReadings,
      },
    );
  }
  return { ok: true, readings };
}
