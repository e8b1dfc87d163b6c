import { CanonicalizationError } from './errors.ts';

/**
 * Serialises a JSON value in the RFC 8785 JSON Canonicalization Scheme (JCS): object
 * members sorted by UTF-16 code units, no whitespace, ECMAScript number formatting and
 * minimal string escaping. Returns the canonical text; encode it as UTF-8 for hashing.
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$');
  return out.join('');
}

/** The UTF-8 bytes of `canonicalize(value)`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

function write(value: unknown, out: string[], path: string): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      // RFC 8785 3.2.2.3: ECMAScript Number::toString, which String() implements; -0 becomes "0".
      if (!Number.isFinite(value)) throw new CanonicalizationError(`${path}: NaN and Infinity are not JSON`);
      out.push(String(value));
      return;
    case 'string':
      out.push(quote(value, path));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          write(value[i], out, `${path}[${i}]`);
        }
        out.push(']');
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalizationError(
          `${path}: only plain objects, arrays and JSON primitives can be canonicalised`,
        );
      }
      // Default sort compares UTF-16 code units, exactly what RFC 8785 3.2.3 requires.
      const keys = Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort();
      out.push('{');
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0) out.push(',');
        out.push(quote(key, path), ':');
        write((value as Record<string, unknown>)[key], out, `${path}.${key}`);
      }
      out.push('}');
      return;
    }
    default:
      throw new CanonicalizationError(`${path}: ${typeof value} has no JSON form`);
  }
}

// With the u flag a surrogate class matches only unpaired halves; pairs are one code point.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function quote(s: string, path: string): string {
  if (LONE_SURROGATE.test(s))
    throw new CanonicalizationError(`${path}: string holds a lone UTF-16 surrogate`);
  // JSON.stringify (ES2019 well-formed) escapes exactly as RFC 8785 3.2.2.2 prescribes:
  // \b \t \n \f \r \" \\ and \u00xx (lowercase hex) for other controls; everything else verbatim.
  return JSON.stringify(s);
}
