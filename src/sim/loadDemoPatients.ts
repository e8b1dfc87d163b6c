import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One measurement: minutes since ICU admission and the value. */
export type Sample = { minute: number; value: number };
/** One blood-pressure measurement. */
export type PressureSample = { minute: number; systolic: number; diastolic: number };

/** A demo ICU stay: time-ordered series per vital (each possibly sparse). */
export type DemoPatient = {
  /** PhysioNet RecordID. */
  stay: string;
  /** Pseudonym to use as `Patient/<pseudonym>`. */
  pseudonym: string;
  series: {
    heartRate: Sample[];
    respiratoryRate: Sample[];
    spo2: Sample[];
    bodyTemperature: Sample[];
    bloodPressure: PressureSample[];
  };
  /** Last minute with any value. */
  lastMinute: number;
};

/** The bundled subset (see data/physionet-demo/README.md). */
export const DEMO_VITALS_PATH = fileURLToPath(
  new URL('../../data/physionet-demo/vitals.csv', import.meta.url),
);

/** Loads the bundled PhysioNet 2012 demo stays (or a file of the same format). */
export async function loadDemoPatients(path: string = DEMO_VITALS_PATH): Promise<DemoPatient[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
  const header = lines.shift();
  if (header !== 'stay,minute,HR,RespRate,SaO2,Temp,SysABP,DiasABP') {
    throw new Error(`${path}: unexpected header "${header}"`);
  }
  const byStay = new Map<string, DemoPatient>();
  for (const line of lines) {
    const [stay, minuteText, ...cells] = line.split(',');
    const minute = Number(minuteText);
    const [hr, rr, sao2, temp, sys, dia] = cells.map((c) => (c === '' ? undefined : Number(c)));
    let p = byStay.get(stay!);
    if (!p) {
      p = {
        stay: stay!,
        pseudonym: `physionet-${stay}`,
        series: { heartRate: [], respiratoryRate: [], spo2: [], bodyTemperature: [], bloodPressure: [] },
        lastMinute: 0,
      };
      byStay.set(stay!, p);
    }
    if (hr !== undefined) p.series.heartRate.push({ minute, value: hr });
    if (rr !== undefined) p.series.respiratoryRate.push({ minute, value: rr });
    if (sao2 !== undefined) p.series.spo2.push({ minute, value: sao2 });
    if (temp !== undefined) p.series.bodyTemperature.push({ minute, value: temp });
    if (sys !== undefined && dia !== undefined)
      p.series.bloodPressure.push({ minute, systolic: sys, diastolic: dia });
    p.lastMinute = Math.max(p.lastMinute, minute);
  }
  for (const p of byStay.values()) {
    for (const s of Object.values(p.series)) (s as { minute: number }[]).sort((a, b) => a.minute - b.minute);
  }
  return [...byStay.values()];
}
