import type { AcceptedReading } from '../ingest/createIngestPipeline.ts';
import type { VitalColumn } from '../ml/wustlColumns.ts';
import { readingQuantities } from '../trust/index.ts';

/** The latest vital signs each device reported, in WUSTL biometric columns (0 = never reported). */
export type VitalsTracker = {
  /** Pipeline hook `onAccepted`. */
  onAccepted(readings: readonly AcceptedReading[]): void;
  /** The device's latest values as WUSTL biometric columns; missing ones are 0 ("sensor not attached"). */
  vitalsOf(deviceId: string): Record<VitalColumn, number>;
  readonly devices: number;
};

/**
 * Keeps each device's latest value per quantity so a flow record of its link can be scored with the
 * biometrics it sent, as in WUSTL-EHMS-2020 rows. Heart rate fills both `Heart_rate` and `Pulse_Rate`
 * (the testbed board reports both); the ST segment is never reported by Vigil devices and stays 0.
 */
export function createVitalsTracker(): VitalsTracker {
  const latest = new Map<string, Record<VitalColumn, number>>();
  const empty = (): Record<VitalColumn, number> => ({
    Temp: 0,
    SpO2: 0,
    Pulse_Rate: 0,
    SYS: 0,
    DIA: 0,
    Heart_rate: 0,
    Resp_Rate: 0,
    ST: 0,
  });
  return {
    onAccepted(readings) {
      for (const a of readings) {
        const id = a.reading.deviceId;
        let v = latest.get(id);
        for (const { quantity, value } of readingQuantities(a.reading.observation)) {
          if (!v) {
            v = empty();
            latest.set(id, v);
          }
          switch (quantity) {
            case 'heartRate':
              v.Heart_rate = value;
              v.Pulse_Rate = value;
              break;
            case 'respiratoryRate':
              v.Resp_Rate = value;
              break;
            case 'spo2':
              v.SpO2 = value;
              break;
            case 'bodyTemperature':
              v.Temp = value;
              break;
            case 'systolic':
              v.SYS = value;
              break;
            case 'diastolic':
              v.DIA = value;
              break;
          }
        }
      }
    },
    vitalsOf: (deviceId) => ({ ...(latest.get(deviceId) ?? empty()) }),
    get devices() {
      return latest.size;
    },
  };
}
