import { describe, expect, it } from 'vitest';
import { verifyReadingSignature } from '../identity/index.ts';
import { makeTestSigner, wire } from './testFixtures.ts';
import { isValidInstant, validateReading } from './validateReading.ts';

const signer = makeTestSigner('dev-1', 'pt-1');
const at = '2026-01-01T08:00:00.000Z';
const samples = {
  heartRate: signer.sign('heartRate', 72, at),
  respiratoryRate: signer.sign('respiratoryRate', 16, at),
  spo2: signer.sign('spo2', 97, at),
  bodyTemperature: signer.sign('bodyTemperature', 36.8, at),
  bloodPressure: signer.sign('bloodPressure', { systolic: 120, diastolic: 80 }, at),
};

// biome-ignore lint/suspicious/noExplicitAny: tests mutate arbitrary paths of a wire copy
type Any = any;

function mutated(mutate: (r: Any) => void, base = samples.heartRate): unknown {
  const copy = wire(base) as Any;
  mutate(copy);
  return copy;
}

describe('validateReading', () => {
  it('accepts each vital kind, including the BP panel, and returns its catalogue entry', () => {
    for (const [kind, reading] of Object.entries(samples)) {
      const result = validateReading(wire(reading));
      expect(result.ok, kind).toBe(true);
      if (result.ok) {
        expect(result.vital.kind).toBe(kind);
        expect(verifyReadingSignature(signer.keys.publicKey, result.reading)).toBe(true);
      }
    }
  });

  it('accepts SpO2 under the alternative LOINC 2708-6 and any RFC 3339 offset', () => {
    expect(
      validateReading(mutated((r) => (r.observation.code.coding[0].code = '2708-6'), samples.spo2)).ok,
    ).toBe(true);
    expect(
      validateReading(mutated((r) => (r.observation.effectiveDateTime = '2026-01-01T09:30:00+01:30'))).ok,
    ).toBe(true);
  });

  const cases: [string, (r: Any) => void, string, typeof samples.heartRate?][] = [
    ['wrong version', (r) => (r.v = 2), '/v'],
    ['deviceId too long', (r) => (r.deviceId = 'x'.repeat(32)), '/deviceId'],
    ['deviceId with a space', (r) => (r.deviceId = 'dev 1'), '/deviceId'],
    ['seq zero', (r) => (r.seq = 0), '/seq'],
    ['seq fractional', (r) => (r.seq = 1.5), '/seq'],
    ['seq beyond safe integers', (r) => (r.seq = 2 ** 53), '/seq'],
    ['seq as a string', (r) => (r.seq = '1'), '/seq'],
    ['sig padded', (r) => (r.sig = `${r.sig}==`), '/sig'],
    ['sig missing', (r) => delete r.sig, '/sig'],
    ['extra envelope member', (r) => (r.note = 'hello'), '/note'],
    ['not an Observation', (r) => (r.observation.resourceType = 'Patient'), '/observation/resourceType'],
    ['bad status', (r) => (r.observation.status = 'registered'), '/observation/status'],
    ['free text on the observation', (r) => (r.observation.note = [{ text: 'John' }]), '/observation/note'],
    [
      'display text on a coding',
      (r) => (r.observation.code.coding[0].display = 'x'),
      '/observation/code/coding/0/display',
    ],
    [
      'subject not a Patient',
      (r) => (r.observation.subject.reference = 'Group/g1'),
      '/observation/subject/reference',
    ],
    [
      'subject with a name',
      (r) => (r.observation.subject.display = 'Jane Doe'),
      '/observation/subject/display',
    ],
    [
      'device reference not the envelope device',
      (r) => (r.observation.device.reference = 'Device/dev-2'),
      '/observation/device/reference',
    ],
    [
      'time without zone',
      (r) => (r.observation.effectiveDateTime = '2026-01-01T08:00:00'),
      '/observation/effectiveDateTime',
    ],
    [
      'impossible date',
      (r) => (r.observation.effectiveDateTime = '2026-02-30T08:00:00Z'),
      '/observation/effectiveDateTime',
    ],
    [
      'not vital-signs',
      (r) => (r.observation.category[0].coding[0].code = 'laboratory'),
      '/observation/category',
    ],
    ['unknown LOINC', (r) => (r.observation.code.coding[0].code = '2345-7'), '/observation/code/coding'],
    [
      'LOINC code under another system',
      (r) => (r.observation.code.coding[0].system = 'http://snomed.info/sct'),
      '/observation/code/coding',
    ],
    [
      'non-UCUM unit system',
      (r) => (r.observation.valueQuantity.system = 'urn:x'),
      '/observation/valueQuantity/system',
    ],
    ['wrong unit code', (r) => (r.observation.valueQuantity.code = 'Hz'), '/observation/valueQuantity/code'],
    [
      'unit text differs',
      (r) => (r.observation.valueQuantity.unit = 'beats/minute'),
      '/observation/valueQuantity/unit',
    ],
    [
      'value as a string',
      (r) => (r.observation.valueQuantity.value = '72'),
      '/observation/valueQuantity/value',
    ],
    ['no value', (r) => delete r.observation.valueQuantity, '/observation/valueQuantity'],
    [
      'BP with a top-level value',
      (r) => (r.observation.valueQuantity = samples.heartRate.observation.valueQuantity),
      '/observation/valueQuantity',
      samples.bloodPressure,
    ],
    [
      'BP without components',
      (r) => delete r.observation.component,
      '/observation/component',
      samples.bloodPressure,
    ],
    [
      'BP with one component',
      (r) => r.observation.component.pop(),
      '/observation/component',
      samples.bloodPressure,
    ],
    [
      'BP with two systolics',
      (r) => (r.observation.component[1].code.coding[0].code = '8480-6'),
      '/observation/component/1/code',
      samples.bloodPressure,
    ],
    [
      'BP component in kPa',
      (r) => (r.observation.component[0].valueQuantity.code = 'kPa'),
      '/observation/component/0/valueQuantity/code',
      samples.bloodPressure,
    ],
  ];
  for (const [name, mutate, path, base] of cases) {
    it(`rejects ${name} at ${path}`, () => {
      const result = validateReading(mutated(mutate, base), 3);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('VIGIL_READING_MALFORMED');
        expect(result.details).toEqual({ path, index: 3 });
      }
    });
  }

  it('rejects non-objects at the root', () => {
    for (const value of [null, 1, 'x', []]) {
      const result = validateReading(value);
      expect(result.ok ? undefined : result.code).toBe('VIGIL_READING_MALFORMED');
    }
  });
});

describe('isValidInstant', () => {
  it('knows real calendar instants', () => {
    expect(isValidInstant('2024-02-29T23:59:59Z')).toBe(true);
    expect(isValidInstant('2023-02-29T00:00:00Z')).toBe(false);
    expect(isValidInstant('2024-01-01T24:00:00Z')).toBe(false);
    expect(isValidInstant('2024-01-01T23:59:60Z')).toBe(false);
  });
});
