import { describe, expect, it } from 'vitest';
import { lcgRandom } from '../../test/support/random.ts';
import { canonicalBytes, canonicalize } from './canonicalize.ts';

describe('canonicalize (RFC 8785)', () => {
  it('reproduces the RFC 8785 section 3.2.2 example, including its UTF-8 bytes', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    const expected =
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
      '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}';
    expect(canonicalize(input)).toBe(expected);
    expect(canonicalBytes(input).toString('hex')).toBe(Buffer.from(expected, 'utf8').toString('hex'));
    expect(canonicalBytes(input).subarray(0, 20).toString('hex')).toBe(
      '7b226c69746572616c73223a5b6e756c6c2c7472',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 section 3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Read the order from the text: JSON.parse would move the integer-like key "1" first.
    const order = [...canonicalize(input).matchAll(/:"([^"]*)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ]);
  });

  it('formats numbers as RFC 8785 appendix B lists them', () => {
    const samples: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of samples) {
      expect(canonicalize(Buffer.from(bits, 'hex').readDoubleBE(0))).toBe(text);
    }
  });

  it('sorts members by UTF-16 code units for small and large objects alike', () => {
    // Names with supplementary-plane and BMP characters above the surrogates, where code-unit order
    // differs from code-point order; shuffled deterministically; sizes on both sides of the 16-member
    // insertion-sort threshold.
    const alphabet = ['a', 'B', '_', '\u00e9', '\u20ac', '\ufb33', '\ud83d\ude00', '\r', 'z9', 'Z'];
    const rand = lcgRandom(7);
    const pick = () => alphabet[Math.floor(rand() * alphabet.length) % alphabet.length];
    for (const size of [1, 2, 5, 15, 16, 17, 40]) {
      const names = Array.from({ length: size }, (_, i) => `${pick()}${pick()}${i}`);
      const input: Record<string, number> = {};
      for (const name of names) input[name] = names.indexOf(name);
      const expected = [...names].sort();
      const order = [...canonicalize(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) =>
        JSON.parse(`"${m[1]}"`),
      );
      expect(order).toEqual(expected);
    }
  });

  it('sorts nested objects recursively and keeps array order', () => {
    expect(canonicalize({ b: [{ z: 1, a: 2 }, 3], a: { y: true, x: null } })).toBe(
      '{"a":{"x":null,"y":true},"b":[{"a":2,"z":1},3]}',
    );
  });

  it('omits undefined members like JSON.stringify', () => {
    expect(canonicalize({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('rejects values with no canonical form', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(/NaN/);
    expect(() => canonicalize({ a: [Number.POSITIVE_INFINITY] })).toThrow(/\$\.a\[0\]/);
    expect(() => canonicalize(1n)).toThrow(/bigint/);
    expect(() => canonicalize([undefined])).toThrow(/undefined/);
    expect(() => canonicalize(new Date(0))).toThrow(/plain objects/);
    expect(() => canonicalize('\ud800')).toThrow(/surrogate/);
    expect(() => canonicalize({ '\udc00': 1 })).toThrow(/surrogate/);
  });

  it('orders index-like and __proto__ keys as UTF-16 text, not as JavaScript enumerates them', () => {
    // JavaScript lists "10" and "9" before "a" and "10" before "9" numerically; RFC 8785 wants "10" < "9" < "a".
    expect(canonicalize({ a: 1, '9': 2, '10': 3 })).toBe('{"10":3,"9":2,"a":1}');
    expect(canonicalize({ nested: [{ b: 1, '0': 0 }] })).toBe('{"nested":[{"0":0,"b":1}]}');
    const parsed = JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}');
    expect(canonicalize(parsed)).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
  });

  it('gives the same text on the fast and the careful path for a FHIR reading', () => {
    const reading = {
      v: 1,
      seq: 7,
      deviceId: 'ox-1',
      observation: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '59408-5', display: 'SpO₂ – pulse oximetry' }] },
        valueQuantity: { value: 97.5, unit: '%' },
        note: [{ text: 'line\nbreak "quoted" \u0001 😀' }],
      },
    };
    // A numeric key forces the careful writer for the whole value; the rest must serialise identically.
    const careful = canonicalize({ ...reading, '0': null });
    expect(canonicalize(reading)).toBe(careful.replace('{"0":null,', '{'));
  });
});
