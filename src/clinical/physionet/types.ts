/** One time series of a PhysioNet 2012 stay: minutes since ICU admission and values, in time order. */
export type Series = { t: number[]; v: number[] };

/** One ICU stay from the PhysioNet 2012 long format. */
export type PhysionetRecord = {
  recordId: string;
  /** Static descriptors at 00:00 (Age, Gender, Height, ICUType, Weight); absent when recorded as -1. */
  descriptors: Record<string, number>;
  /** Time series by parameter name (HR, SysABP, GCS, ...). */
  series: Record<string, Series>;
};

/** Outcome label per RecordID (1 = in-hospital death). */
export type Outcomes = Map<string, 0 | 1>;
