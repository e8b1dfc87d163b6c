import type { Observation } from '@medplum/fhirtypes';
import { type Rejection, reject } from './rejectionCodes.ts';
import { LOINC_SYSTEM, type VitalMeasure, vitalByLoinc } from './vitals.ts';

/** Ok, or `VIGIL_READING_IMPLAUSIBLE` naming the vital (LOINC code, path, range) but never the value. */
export type CheckPlausibilityReturnType = { ok: true } | Rejection;

function outside(
  value: number | undefined,
  m: VitalMeasure,
  loinc: string,
  path: string,
): Rejection | undefined {
  if (typeof value === 'number' && value >= m.min && value <= m.max) return undefined;
  return reject('VIGIL_READING_IMPLAUSIBLE', `${m.display} outside ${m.min}-${m.max} ${m.unit}`, {
    loinc,
    path,
    min: m.min,
    max: m.max,
    unit: m.unit,
  });
}

/**
 * Checks an Observation that already passed `validateReading` against the physiological
 * ranges of the vitals catalogue; for blood pressure also that diastolic < systolic.
 */
export function checkPlausibility(observation: Observation): CheckPlausibilityReturnType {
  const code = observation.code?.coding?.find(
    (c) => c.system === LOINC_SYSTEM && vitalByLoinc(c.code ?? ''),
  )?.code;
  const vital = code === undefined ? undefined : vitalByLoinc(code);
  if (!code || !vital) {
    return reject('VIGIL_READING_IMPLAUSIBLE', 'not a supported vital sign', { path: '/observation/code' });
  }
  if (vital.kind !== 'bloodPressure') {
    return (
      outside(observation.valueQuantity?.value, vital, code, '/observation/valueQuantity/value') ?? {
        ok: true,
      }
    );
  }
  let systolic: number | undefined;
  let diastolic: number | undefined;
  const components = observation.component ?? [];
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const part = c.code?.coding?.find((x) => x.system === LOINC_SYSTEM)?.code;
    const path = `/observation/component/${i}/valueQuantity/value`;
    if (part === '8480-6') {
      systolic = c.valueQuantity?.value;
      const bad = outside(systolic, vital.components.systolic, part, path);
      if (bad) return bad;
    } else if (part === '8462-4') {
      diastolic = c.valueQuantity?.value;
      const bad = outside(diastolic, vital.components.diastolic, part, path);
      if (bad) return bad;
    }
  }
  if (systolic === undefined || diastolic === undefined) {
    return reject('VIGIL_READING_IMPLAUSIBLE', 'blood pressure needs systolic and diastolic', {
      loinc: code,
      path: '/observation/component',
    });
  }
  if (diastolic >= systolic) {
    return reject('VIGIL_READING_IMPLAUSIBLE', 'diastolic pressure must be below systolic', {
      loinc: code,
      path: '/observation/component',
    });
  }
  return { ok: true };
}
