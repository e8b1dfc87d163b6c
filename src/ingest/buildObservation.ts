import type { Observation } from '@medplum/fhirtypes';
import {
  LOINC_SYSTEM,
  OBSERVATION_CATEGORY_SYSTEM,
  UCUM_SYSTEM,
  VITAL_SIGNS_CATEGORY,
  VITALS,
  type VitalKind,
} from './vitals.ts';

/** A value for one vital: a number, or systolic/diastolic for blood pressure. */
export type VitalValue = number | { systolic: number; diastolic: number };

/** Inputs of `buildObservation`. */
export type BuildObservationParameters = {
  kind: VitalKind;
  value: VitalValue;
  deviceId: string;
  /** Patient pseudonym (1-31 chars `[A-Za-z0-9._-]`). */
  patient: string;
  effectiveAt: Date | number | string;
  status?: 'final' | 'amended' | 'corrected' | 'preliminary';
};

const quantity = (value: number, unit: string) => ({ value, unit, system: UCUM_SYSTEM, code: unit });
const concept = (code: string) => ({ coding: [{ system: LOINC_SYSTEM, code }] });

/** Builds the exact vital-signs Observation Vigil accepts (coded only: no display text, no narrative). */
export function buildObservation(p: BuildObservationParameters): Observation {
  const base = {
    resourceType: 'Observation' as const,
    status: p.status ?? 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY_SYSTEM, code: VITAL_SIGNS_CATEGORY }] }],
    code: concept(VITALS[p.kind].loinc[0]),
    subject: { reference: `Patient/${p.patient}` },
    device: { reference: `Device/${p.deviceId}` },
    effectiveDateTime: new Date(p.effectiveAt).toISOString(),
  };
  if (p.kind === 'bloodPressure') {
    if (typeof p.value !== 'object') throw new TypeError('blood pressure needs { systolic, diastolic }');
    const { systolic, diastolic } = VITALS.bloodPressure.components;
    return {
      ...base,
      component: [
        { code: concept(systolic.loinc[0]), valueQuantity: quantity(p.value.systolic, systolic.unit) },
        { code: concept(diastolic.loinc[0]), valueQuantity: quantity(p.value.diastolic, diastolic.unit) },
      ],
    };
  }
  if (typeof p.value !== 'number') throw new TypeError(`${p.kind} needs a number`);
  return { ...base, valueQuantity: quantity(p.value, VITALS[p.kind].unit) };
}
