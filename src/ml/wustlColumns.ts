/** Numeric Argus flow features the detector may use (addresses, ports, MACs and Packet_num are excluded: leakage). */
export const FLOW_COLUMNS = [
  'SrcBytes',
  'DstBytes',
  'SrcLoad',
  'DstLoad',
  'SrcGap',
  'DstGap',
  'SIntPkt',
  'DIntPkt',
  'SIntPktAct',
  'DIntPktAct',
  'SrcJitter',
  'DstJitter',
  'sMaxPktSz',
  'dMaxPktSz',
  'sMinPktSz',
  'dMinPktSz',
  'Dur',
  'Trans',
  'TotPkts',
  'TotBytes',
  'Load',
  'Loss',
  'pLoss',
  'pSrcLoss',
  'pDstLoss',
  'Rate',
] as const;

/** Biometric columns streamed by the sensor board. */
export const VITAL_COLUMNS = [
  'Temp',
  'SpO2',
  'Pulse_Rate',
  'SYS',
  'DIA',
  'Heart_rate',
  'Resp_Rate',
  'ST',
] as const;

/** Every numeric column the detector reads. */
export const NUMERIC_COLUMNS = [...FLOW_COLUMNS, ...VITAL_COLUMNS] as const;

/** Categorical Argus columns the detector reads (direction and state flags). */
export const TEXT_COLUMNS = ['Dir', 'Flgs'] as const;

/** Columns that identify hosts or time periods; present in the file but never read by the model. */
export const IDENTIFIER_COLUMNS = [
  'SrcAddr',
  'DstAddr',
  'Sport',
  'Dport',
  'SrcMac',
  'DstMac',
  'Packet_num',
] as const;

/** The ground-truth columns. */
export const CATEGORY_COLUMN = 'Attack Category';
export const LABEL_COLUMN = 'Label';

export type FlowColumn = (typeof FLOW_COLUMNS)[number];
export type VitalColumn = (typeof VITAL_COLUMNS)[number];
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

/** Attack categories of WUSTL-EHMS-2020 (`normal` for benign traffic). */
export const ATTACK_CATEGORIES = ['normal', 'Spoofing', 'Data Alteration'] as const;
export type AttackCategory = (typeof ATTACK_CATEGORIES)[number];

/** One flow record as the detector sees it: the allowed numeric columns plus direction and flags. */
export type FlowRecord = { [K in NumericColumn]: number } & { Dir: string; Flgs: string };

/** A flow record with its ground truth, as loaded from a labelled WUSTL file. */
export type LabelledFlowRecord = FlowRecord & { category: AttackCategory; label: 0 | 1 };
