/** What a simulated device does; honest devices report the truth plus sensor noise. */
export type ScenarioName =
  | 'constant-bias'
  | 'slow-drift'
  | 'on-off'
  | 'replay'
  | 'flood'
  | 'stolen-key'
  | 'disagreeing'
  | 'spoofed-link';

/** The four bedside devices of a simulated patient (ECG patch, monitor and oximeter all report heart rate). */
export type DeviceRole = 'monitor' | 'patch' | 'oximeter' | 'thermometer';

export type ScenarioDefinition = {
  name: ScenarioName;
  /** The device that misbehaves from the onset minute on. */
  role: DeviceRole;
  description: string;
  /** Needs WUSTL-EHMS-2020 flow records (skipped with a note without them). */
  flows?: true;
};

/** The attack scenarios of `vigil eval trust`; each runs on its own simulated patient. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  {
    name: 'constant-bias',
    role: 'oximeter',
    description: 'pulse reads 25 /min high and SpO2 5 points low from the onset on',
  },
  {
    name: 'slow-drift',
    role: 'monitor',
    description: 'heart rate drifts upwards by 0.4 /min per minute from the onset (no jump)',
  },
  {
    name: 'on-off',
    role: 'monitor',
    description: 'heart rate 35 /min high for 5 minutes, then honest for 15, repeated',
  },
  {
    name: 'replay',
    role: 'oximeter',
    description: 'keeps sending, and also re-sends two of its own earlier signed readings per minute',
  },
  {
    name: 'flood',
    role: 'oximeter',
    description: 'keeps sending, plus 60 extra validly signed readings per minute (30x its rate)',
  },
  {
    name: 'stolen-key',
    role: 'monitor',
    description:
      "an attacker with the monitor's key replaces it and sends a plausible calm trajectory: heart rate " +
      'eases from the true value towards 30 /min below it over 20 minutes, respiratory rate towards 14',
  },
  {
    name: 'disagreeing',
    role: 'patch',
    description: "the ECG patch reports another ICU stay's heart rate (a device on the wrong patient)",
  },
  {
    name: 'spoofed-link',
    role: 'monitor',
    flows: true,
    description:
      "the ward sensor's flow records of the monitor's link are WUSTL-EHMS-2020 attack rows (ARP spoofing, " +
      'data alteration) from the onset, every other link gets its normal rows; its signed readings stay honest',
  },
];

/** Deterministic PRNG (mulberry32) with a standard normal draw. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return { next, normal };
}
