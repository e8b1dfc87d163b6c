/** Options accepted by every Vigil error. */
export type VigilErrorOptions = {
  /** The underlying error, if any. */
  cause?: unknown;
  /** Structured, PHI-free details for logs and API bodies. */
  details?: Record<string, unknown>;
};

/**
 * Base of every error Vigil raises on purpose. `code` is stable (part of the API and
 * the CLI's JSON output); the message is for people and may change.
 */
export class VigilError extends Error {
  override name = 'VigilError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: VigilErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  /** A JSON-safe view (bigints as strings) for logs, the CLI and API bodies. */
  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.details ? { details: toJsonSafe(this.details) as Record<string, unknown> } : {}),
    };
  }
}

/** Configuration is missing or invalid. */
export class ConfigError extends VigilError {
  override name = 'ConfigError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_CONFIG_INVALID', message, options);
  }
}

/** Input from a user or a CLI flag is invalid. */
export class InvalidArgumentError extends VigilError {
  override name = 'InvalidArgumentError';
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('VIGIL_INVALID_ARGUMENT', message, options);
  }
}

/** Converts bigints (and nested structures holding them) into JSON-safe values. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}
