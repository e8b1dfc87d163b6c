/** Code systems used by vital-sign Observations. */
export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const VITAL_SIGNS_CATEGORY = 'vital-signs';

/** The vital signs Vigil accepts. */
export type VitalKind = 'heartRate' | 'respiratoryRate' | 'spo2' | 'bodyTemperature' | 'bloodPressure';

/** A measured quantity: its LOINC code(s), UCUM unit and physiological plausibility range (inclusive). */
export type VitalMeasure = {
  /** LOINC codes accepted; the first is the one Vigil emits. */
  loinc: readonly string[];
  display: string;
  /** UCUM code, also used as the Quantity's `unit`. */
  unit: string;
  min: number;
  max: number;
};

/** A vital sign: a single-valued measure, or the blood-pressure panel with two components. */
export type VitalDefinition =
  | ({ kind: Exclude<VitalKind, 'bloodPressure'> } & VitalMeasure)
  | {
      kind: 'bloodPressure';
      loinc: readonly string[];
      display: string;
      components: { systolic: VitalMeasure; diastolic: VitalMeasure };
    };

/** The catalogue of vital signs, keyed by kind. Ranges are wide on purpose: they catch sensor faults and forgeries, not illness. */
export const VITALS = {
  heartRate: { kind: 'heartRate', loinc: ['8867-4'], display: 'Heart rate', unit: '/min', min: 20, max: 300 },
  respiratoryRate: {
    kind: 'respiratoryRate',
    loinc: ['9279-1'],
    display: 'Respiratory rate',
    unit: '/min',
    min: 2,
    max: 80,
  },
  spo2: {
    kind: 'spo2',
    loinc: ['59408-5', '2708-6'],
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    min: 50,
    max: 100,
  },
  bodyTemperature: {
    kind: 'bodyTemperature',
    loinc: ['8310-5'],
    display: 'Body temperature',
    unit: 'Cel',
    min: 25,
    max: 45,
  },
  bloodPressure: {
    kind: 'bloodPressure',
    loinc: ['85354-9'],
    display: 'Blood pressure panel with all children optional',
    components: {
      systolic: { loinc: ['8480-6'], display: 'Systolic blood pressure', unit: 'mm[Hg]', min: 40, max: 300 },
      diastolic: {
        loinc: ['8462-4'],
        display: 'Diastolic blood pressure',
        unit: 'mm[Hg]',
        min: 15,
        max: 200,
      },
    },
  },
} as const satisfies Record<VitalKind, VitalDefinition>;

const BY_LOINC = new Map<string, VitalDefinition>(
  Object.values(VITALS).flatMap((v) => v.loinc.map((code) => [code, v as VitalDefinition] as const)),
);

/** The vital for a top-level LOINC code, or undefined when Vigil does not accept it. */
export function vitalByLoinc(code: string): VitalDefinition | undefined {
  return BY_LOINC.get(code);
}
