import type { Observation } from '@medplum/fhirtypes';
import type { SignedReading } from '../identity/index.ts';
import { type Rejection, reject } from './rejectionCodes.ts';
import { signedReadingChecker } from './schema.ts';
import {
  LOINC_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  VITAL_SIGNS_CATEGORY,
  type VitalDefinition,
  type VitalMeasure,
  vitalByLoinc,
} from './vitals.ts';

/** Result of `validateReading`: the typed reading and its vital, or a rejection. */
export type ValidateReadingReturnType =
  | { ok: true; reading: SignedReading; vital: VitalDefinition }
  | Rejection;

type Coded = { coding?: { system?: string; code?: string }[] };

function malformed(path: string, message: string, index: number | undefined): Rejection {
  return reject('VIGIL_READING_MALFORMED', message, index === undefined ? { path } : { path, index });
}

function loincCode(concept: Coded | undefined, match: (code: string) => boolean): string | undefined {
  return concept?.coding?.find((c) => c.system === LOINC_SYSTEM && c.code !== undefined && match(c.code))
    ?.code;
}

/** True for an RFC 3339 instant that names a real calendar date and time. */
export function isValidInstant(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    se < 60 &&
    !Number.isNaN(Date.parse(s))
  );
}

function checkQuantity(
  q: NonNullable<Observation['valueQuantity']>,
  measure: VitalMeasure,
  path: string,
  index: number | undefined,
): Rejection | undefined {
  if (q.code !== measure.unit) return malformed(`${path}/code`, `unit must be UCUM "${measure.unit}"`, index);
  if (q.unit !== measure.unit) return malformed(`${path}/unit`, `unit must be "${measure.unit}"`, index);
  return undefined;
}

/**
 * Checks one decoded reading against the wire schema and the vital-signs rules (category, LOINC code,
 * UCUM unit, BP panel shape, device reference = deviceId, real instant). `index` is its place in a batch.
 */
export function validateReading(value: unknown, index?: number): ValidateReadingReturnType {
  if (!signedReadingChecker.Check(value)) {
    const first = signedReadingChecker.Errors(value).First();
    return malformed(first?.path || '/', `schema: ${first?.message ?? 'invalid'}`, index);
  }
  const reading = value as unknown as SignedReading;
  const obs = reading.observation;
  const isVitalSigns = obs.category?.some((c) =>
    c.coding?.some((x) => x.system === OBSERVATION_CATEGORY_SYSTEM && x.code === VITAL_SIGNS_CATEGORY),
  );
  if (!isVitalSigns) return malformed('/observation/category', 'category must include vital-signs', index);
  const code = loincCode(obs.code, (c) => vitalByLoinc(c) !== undefined);
  if (!code) return malformed('/observation/code/coding', 'code must be a supported LOINC vital sign', index);
  const vital = vitalByLoinc(code)!;
  if (obs.device?.reference !== `Device/${reading.deviceId}`) {
    return malformed('/observation/device/reference', 'device reference must be Device/<deviceId>', index);
  }
  if (!isValidInstant(obs.effectiveDateTime!)) {
    return malformed('/observation/effectiveDateTime', 'effectiveDateTime is not a real instant', index);
  }
  if (vital.kind === 'bloodPressure') {
    if (obs.valueQuantity)
      return malformed('/observation/valueQuantity', 'a BP panel has no top-level value', index);
    const components = obs.component;
    if (!components)
      return malformed('/observation/component', 'a BP panel needs systolic and diastolic', index);
    const seen = new Set<string>();
    for (let i = 0; i < components.length; i++) {
      const comp = components[i]!;
      const part = loincCode(comp.code, (c) => c === '8480-6' || c === '8462-4');
      const measure = part === '8480-6' ? vital.components.systolic : vital.components.diastolic;
      if (!part || seen.has(part)) {
        return malformed(
          `/observation/component/${i}/code`,
          'components must be one systolic and one diastolic',
          index,
        );
      }
      seen.add(part);
      const bad = checkQuantity(
        comp.valueQuantity!,
        measure,
        `/observation/component/${i}/valueQuantity`,
        index,
      );
      if (bad) return bad;
    }
  } else {
    if (obs.component) return malformed('/observation/component', `${vital.kind} has no components`, index);
    if (!obs.valueQuantity)
      return malformed('/observation/valueQuantity', 'valueQuantity is required', index);
    const bad = checkQuantity(obs.valueQuantity, vital, '/observation/valueQuantity', index);
    if (bad) return bad;
  }
  return { ok: true, reading, vital };
}
