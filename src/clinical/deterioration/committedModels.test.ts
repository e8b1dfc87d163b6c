import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { featuresFromReadings, type LiveReading } from './featuresFromReadings.ts';
import { loadDeteriorationModel } from './loadDeteriorationModel.ts';

const models = fileURLToPath(new URL('../../../models/', import.meta.url));
const admittedAt = Date.UTC(2026, 0, 1);

// Two invented patients (not from any data set): one stable, one in shock with falling GCS.
function course(unwell: boolean): LiveReading[] {
  const out: LiveReading[] = [];
  for (let h = 0; h < 24; h++) {
    const t = admittedAt + h * 3_600_000;
    const k = unwell ? h / 23 : 0;
    out.push({ time: t, parameter: 'heartRate', value: 78 + 50 * k + (h % 3) });
    out.push({ time: t, parameter: 'systolic', value: 125 - 45 * k + (h % 4) });
    out.push({ time: t, parameter: 'diastolic', value: 75 - 25 * k });
    out.push({ time: t, parameter: 'respiratoryRate', value: 15 + 14 * k });
    out.push({ time: t, parameter: 'temperature', value: 36.8 + 1.8 * k });
    out.push({ time: t, parameter: 'urine', value: unwell ? 10 : 90 });
    if (h % 4 === 0) out.push({ time: t, parameter: 'gcs', value: unwell ? Math.max(3, 15 - h / 2) : 15 });
  }
  return out;
}

describe.each([
  ['deterioration-vitals-24h.json', 'vitals'],
  ['deterioration-all-48h.json', 'all'],
] as const)('committed model %s', (file, featureSet) => {
  it.skipIf(!existsSync(`${models}${file}`))(
    'loads, carries its citation, and ranks a crashing patient above a stable one',
    async () => {
      const model = await loadDeteriorationModel(`${models}${file}`);
      expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(model.file.featureSet).toBe(featureSet);
      expect(model.file.citation).toContain('PhysioNet');
      const descriptors = { Age: 67, Gender: 1, Weight: 80, ICUType: 3 };
      const x = (unwell: boolean) =>
        featuresFromReadings({
          readings: course(unwell),
          admittedAt,
          descriptors,
          hours: model.file.hours,
          featureSet,
        });
      const stable = model.predict(x(false));
      const crashing = model.predict(x(true));
      expect(stable).toBeGreaterThan(0);
      expect(crashing).toBeLessThan(1);
      expect(crashing).toBeGreaterThan(stable);
      model.free();
    },
  );
});
