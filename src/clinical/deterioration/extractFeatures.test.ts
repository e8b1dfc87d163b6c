import { describe, expect, it } from 'vitest';
import { cleanRecord } from '../physionet/cleanRecord.ts';
import { parsePhysionetLong } from '../physionet/readPhysionetLong.ts';
import { extractFeatures } from './extractFeatures.ts';
import { featureNames, MISSING } from './featureSpec.ts';
import { featuresFromReadings } from './featuresFromReadings.ts';
import { news2Course } from './news2Course.ts';

// A hand-made stay in PhysioNet long format (values invented, not from any data set).
const TEXT = `RecordID,Time,Parameter,Value
900001,00:00,RecordID,900001
900001,00:00,Age,70
900001,00:00,Gender,1
900001,00:00,Height,-1
900001,00:00,ICUType,2
900001,00:00,Weight,80
900001,00:30,HR,80
900001,01:30,HR,90
900001,02:30,HR,100
900001,01:30,HR,0
900001,30:00,HR,150
900001,00:30,NISysABP,120
900001,02:30,SysABP,95
900001,02:30,RespRate,22
900001,02:30,Temp,-17.8
900001,02:30,Temp,38.4
900001,02:30,GCS,14
900001,02:30,FiO2,40
900001,01:00,Urine,100
900001,20:00,Urine,50
900001,03:00,Lactate,2.5
`;

function features(hours = 24, featureSet: 'vitals' | 'all' = 'vitals') {
  const [raw] = parsePhysionetLong(TEXT);
  const rec = cleanRecord(raw!);
  const names = featureNames(featureSet);
  const x = extractFeatures(rec, { hours, featureSet });
  return { rec, get: (n: string) => x[names.indexOf(n)], x, names };
}

describe('extractFeatures', () => {
  it('reads descriptors, treats -1 as missing and one-hot encodes ICUType', () => {
    const { get } = features();
    expect(get('Age')).toBe(70);
    expect(get('Height')).toBe(MISSING);
    expect(get('Weight')).toBe(80);
    expect([get('ICUType1'), get('ICUType2'), get('ICUType3'), get('ICUType4')]).toEqual([0, 1, 0, 0]);
  });

  it('summarises a series within the window, dropping implausible values (HR 0) and later readings', () => {
    const { get } = features(24);
    expect(get('HR.count')).toBe(3);
    expect([get('HR.first'), get('HR.last'), get('HR.min'), get('HR.max')]).toEqual([80, 100, 80, 100]);
    expect(get('HR.mean')).toBe(90);
    expect(get('HR.median')).toBe(90);
    expect(get('HR.std')).toBeCloseTo(10, 10);
    expect(get('HR.slope')).toBeCloseTo(10, 10); // beats/min per hour
    expect(get('HR.lastTime')).toBe(2.5);
    expect(get('HR.recentMin')).toBe(MISSING); // nothing in the last 6 h of 24
    const h48 = features(48);
    expect(h48.get('HR.count')).toBe(4);
    expect(h48.get('HR.max')).toBe(150);
    expect(h48.get('HR.recentMax')).toBe(MISSING); // 30:00 is before the last 12 h of 48
  });

  it('marks never-measured parameters missing with count 0', () => {
    const { get } = features();
    expect(get('SaO2.count')).toBe(0);
    expect(get('SaO2.mean')).toBe(MISSING);
  });

  it('merges invasive and non-invasive pressures, rescales FiO2 %, drops Temp -17.8', () => {
    const { get } = features();
    expect([get('SBP.first'), get('SBP.last'), get('SBP.count')]).toEqual([120, 95, 2]);
    expect(get('FiO2.max')).toBeCloseTo(0.4, 10);
    expect(get('Temp.count')).toBe(1);
    expect(get('shockIndexMax')).toBeCloseTo(100 / 95, 10);
  });

  it('computes urine totals and worst NEWS2 subscores', () => {
    const { get, rec } = features();
    expect(get('urineTotal')).toBe(150);
    expect(get('urinePerKgHour')).toBeCloseTo(150 / 80 / 24, 10);
    // At 02:30: RR 22 (2), oxygen (2), systolic 95 (2), HR 100 (1), GCS 14 -> not alert (3), Temp 38.4 (1).
    expect(get('news2WorstConsciousness')).toBe(3);
    expect(get('news2Worst')).toBe(11);
    expect(news2Course(rec, 24).worst).toBe(11);
  });

  it('adds laboratory features only in the all set', () => {
    const v = features(24, 'vitals');
    const a = features(24, 'all');
    expect(v.names.includes('Lactate.max')).toBe(false);
    expect(a.get('Lactate.max')).toBe(2.5);
    expect(a.x.length).toBeGreaterThan(v.x.length);
  });

  it('builds the same features from a live reading stream', () => {
    const admittedAt = Date.UTC(2026, 0, 1);
    const at = (h: number) => admittedAt + h * 3_600_000;
    const live = featuresFromReadings({
      admittedAt,
      descriptors: { Age: 70, Gender: 1, ICUType: 2, Weight: 80 },
      readings: [
        { time: at(0.5), parameter: 'heartRate', value: 80 },
        { time: at(1.5), parameter: 'heartRate', value: 90 },
        { time: at(2.5), parameter: 'heartRate', value: 100 },
      ],
      hours: 24,
      featureSet: 'vitals',
    });
    const names = featureNames('vitals');
    const { get } = features();
    for (const n of ['HR.mean', 'HR.slope', 'HR.lastTime', 'Age', 'Weight'])
      expect(live[names.indexOf(n)]).toBe(get(n));
  });
});
