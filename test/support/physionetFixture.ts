import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lcgRandom } from './random.ts';

/**
 * Writes synthetic PhysioNet 2012 long-format stays and their outcomes (not patient data): descriptors
 * with an ICU type, hourly HR, systolic pressure, respiratory rate, temperature and GCS over 48 h, and
 * deaths more likely with low GCS and high HR, so a model has something to learn.
 */
export function writePhysionetFixture(
  dir: string,
  p: { name: string; stays: number; firstId?: number; seed?: number },
): { data: string; outcomes: string } {
  const rand = lcgRandom(p.seed ?? 5);
  const lines = ['RecordID,Time,Parameter,Value'];
  const outcomes = ['RecordID,SAPS-I,SOFA,Length_of_stay,Survival,In-hospital_death'];
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  for (let i = 0; i < p.stays; i++) {
    const id = (p.firstId ?? 140000) + i;
    const sick = rand();
    const icu = 1 + Math.floor(rand() * 4);
    lines.push(`${id},00:00,RecordID,${id}`, `${id},00:00,Age,${Math.round(40 + 40 * rand())}`);
    lines.push(`${id},00:00,Gender,${rand() < 0.5 ? 0 : 1}`, `${id},00:00,ICUType,${icu}`);
    lines.push(`${id},00:00,Weight,${Math.round(60 + 40 * rand())}`);
    for (let h = 0; h < 48; h += 2) {
      const t = hhmm(h * 60 + 5);
      lines.push(`${id},${t},HR,${Math.round(70 + 50 * sick + 10 * rand())}`);
      lines.push(`${id},${t},SysABP,${Math.round(130 - 40 * sick + 10 * rand())}`);
      lines.push(`${id},${t},RespRate,${Math.round(14 + 12 * sick + 3 * rand())}`);
      lines.push(`${id},${t},Temp,${(36.6 + 1.5 * sick * rand()).toFixed(1)}`);
      if (h % 8 === 0)
        lines.push(`${id},${t},GCS,${Math.max(3, Math.round(15 - 10 * sick * rand() - 2 * rand()))}`);
    }
    const death = rand() < 0.05 + 0.5 * sick ** 3 ? 1 : 0;
    outcomes.push(`${id},10,5,7,${death ? 5 : -1},${death}`);
  }
  const data = join(dir, `${p.name}.csv`);
  const out = join(dir, `${p.name}-outcomes.csv`);
  writeFileSync(data, `${lines.join('\n')}\n`);
  writeFileSync(out, `${outcomes.join('\n')}\n`);
  return { data, outcomes: out };
}
