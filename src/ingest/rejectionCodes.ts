/** How a rejection is answered on each transport and what it says about the sender. */
export type RejectionCodeInfo = {
  /** One line for people (API docs, CLI output). */
  description: string;
  /** HTTP status of the response that carries this rejection. */
  httpStatus: 400 | 401 | 403 | 409 | 413 | 422 | 429 | 503;
  /** MQTT v5 PUBACK reason code (QoS 1). PUBACK has no "too large" or "busy" code, so the nearest is used. */
  mqttReasonCode: number;
  /** The sender may retry the same message later and expect success. */
  retryable: boolean;
  /** The rejection is evidence about the device's behaviour (fed to the trust engine). */
  blamesDevice: boolean;
};

/** MQTT v5 PUBACK reason codes used by Vigil (MQTT 5.0 section 3.4.2.1). */
export const MQTT_PUBACK = {
  success: 0x00,
  unspecifiedError: 0x80,
  implementationSpecificError: 0x83,
  notAuthorized: 0x87,
  quotaExceeded: 0x97,
  payloadFormatInvalid: 0x99,
} as const;

/** Every reason a message or reading is refused, with its transport mappings. Codes are stable API. */
export const REJECTION_CODES = {
  VIGIL_MESSAGE_TOO_LARGE: {
    description: 'The message exceeds the size limit (256 KiB) or holds more than 500 readings.',
    httpStatus: 413,
    mqttReasonCode: MQTT_PUBACK.payloadFormatInvalid,
    retryable: false,
    blamesDevice: false,
  },
  VIGIL_MESSAGE_MALFORMED: {
    description: 'The message is not UTF-8 JSON, or not a reading nor { readings: [...] }.',
    httpStatus: 400,
    mqttReasonCode: MQTT_PUBACK.payloadFormatInvalid,
    retryable: false,
    blamesDevice: false,
  },
  VIGIL_READING_MALFORMED: {
    description: 'A reading does not match the signed-reading schema (the failing path is in details.path).',
    httpStatus: 400,
    mqttReasonCode: MQTT_PUBACK.payloadFormatInvalid,
    retryable: false,
    blamesDevice: false,
  },
  VIGIL_DEVICE_UNKNOWN: {
    description: 'The device is not registered on the ledger.',
    httpStatus: 401,
    mqttReasonCode: MQTT_PUBACK.notAuthorized,
    retryable: false,
    blamesDevice: false,
  },
  VIGIL_DEVICE_REVOKED: {
    description: 'The device has been revoked or quarantined and may not submit readings.',
    httpStatus: 403,
    mqttReasonCode: MQTT_PUBACK.notAuthorized,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_DEVICE_MISMATCH: {
    description:
      'The device or subject reference disagrees with the registry (wrong patient or device binding).',
    httpStatus: 403,
    mqttReasonCode: MQTT_PUBACK.notAuthorized,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_SIGNATURE_INVALID: {
    description: "The signature does not verify against the device's registered public key.",
    httpStatus: 401,
    mqttReasonCode: MQTT_PUBACK.notAuthorized,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_READING_REPLAYED: {
    description: "The reading's seq is not above the last accepted seq of this device (replay or duplicate).",
    httpStatus: 409,
    mqttReasonCode: MQTT_PUBACK.implementationSpecificError,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_READING_CLOCK_SKEW: {
    description: 'The effective time is too far in the future or the past of the gateway clock.',
    httpStatus: 422,
    mqttReasonCode: MQTT_PUBACK.implementationSpecificError,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_READING_IMPLAUSIBLE: {
    description: 'A value lies outside its physiological range (details name the vital, not the value).',
    httpStatus: 422,
    mqttReasonCode: MQTT_PUBACK.implementationSpecificError,
    retryable: false,
    blamesDevice: true,
  },
  VIGIL_RATE_EXCEEDED: {
    description: 'The device sends faster than its allowed rate; slow down and retry.',
    httpStatus: 429,
    mqttReasonCode: MQTT_PUBACK.quotaExceeded,
    retryable: true,
    blamesDevice: true,
  },
  VIGIL_OVERLOADED: {
    description: 'The gateway is saturated and shed the message before processing; retry with backoff.',
    httpStatus: 503,
    mqttReasonCode: MQTT_PUBACK.unspecifiedError,
    retryable: true,
    blamesDevice: false,
  },
} as const satisfies Record<string, RejectionCodeInfo>;

/** A stable rejection code such as `VIGIL_SIGNATURE_INVALID`. */
export type RejectionCode = keyof typeof REJECTION_CODES;

/** A refused message or reading: a value (not an exception), kept in the rejection log. */
export type Rejection = {
  ok: false;
  code: RejectionCode;
  message: string;
  /** PHI-free details: a path, the vital's LOINC code, a limit; never a patient value. */
  details?: Record<string, unknown>;
};

/** Builds a rejection value. */
export function reject(code: RejectionCode, message: string, details?: Record<string, unknown>): Rejection {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** True when `code` is one of the rejection codes. */
export function isRejectionCode(code: unknown): code is RejectionCode {
  return typeof code === 'string' && Object.hasOwn(REJECTION_CODES, code);
}
