import { type AttackCategory, type LabelledFlowRecord, NUMERIC_COLUMNS } from './wustlColumns.ts';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so generated fixtures are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generated flow records in the WUSTL layout (no real data): normal traffic with attack
 * episodes of 20-30 rows; spoofing slows the link a little, alteration shifts the vitals.
 */
export function syntheticRows(count: number, seed = 1): LabelledFlowRecord[] {
  const rnd = seededRandom(seed);
  const rows: LabelledFlowRecord[] = [];
  let episode: { category: AttackCategory; left: number } | undefined;
  for (let i = 0; i < count; i++) {
    if (!episode && i > 40 && rnd() < 0.01) {
      episode = { category: rnd() < 0.5 ? 'Spoofing' : 'Data Alteration', left: 20 + Math.floor(rnd() * 11) };
    }
    const category: AttackCategory = episode ? episode.category : 'normal';
    const row = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, 0])) as Record<string, number>;
    const slow = category === 'Spoofing' ? 1.3 : 1;
    row.SrcBytes = 496;
    row.DstBytes = 186;
    row.SIntPkt = (4 + rnd()) * slow;
    row.DIntPkt = (2.5 + rnd()) * slow;
    row.SrcJitter = 3 * rnd() * slow;
    row.DstJitter = 2.5 * rnd() * slow;
    row.Dur = 0.012 * slow + 0.002 * rnd();
    row.TotPkts = 7;
    row.TotBytes = 682;
    row.Load = 300000 / slow + 10000 * rnd();
    row.SrcLoad = row.Load * 0.75;
    row.DstLoad = row.Load * 0.25;
    row.Rate = 480 / slow + 10 * rnd();
    row.Temp = 27 + rnd();
    row.SpO2 = 97 + Math.round(rnd() * 2);
    row.Pulse_Rate = 75 + Math.round(rnd() * 4) + (category === 'Data Alteration' ? 25 : 0);
    row.Heart_rate = row.Pulse_Rate;
    row.SYS = 140 + Math.round(rnd() * 5);
    row.DIA = 80 + Math.round(rnd() * 4);
    row.Resp_Rate = 19;
    row.ST = 0.3;
    rows.push({
      ...(row as unknown as LabelledFlowRecord),
      Dir: '->',
      Flgs: 'e',
      category,
      label: category === 'normal' ? 0 : 1,
    });
    if (episode && --episode.left === 0) episode = undefined;
  }
  return rows;
}

/** Renders records as WUSTL CSV text (identifier columns filled with placeholders). */
export function toWustlCsv(rows: readonly LabelledFlowRecord[]): string {
  const header = [
    'Dir',
    'Flgs',
    'SrcAddr',
    'DstAddr',
    'Sport',
    'Dport',
    ...NUMERIC_COLUMNS,
    'Attack Category',
    'Label',
  ];
  const lines = rows.map((r) =>
    [
      r.Dir,
      r.Flgs,
      '10.0.0.1',
      '10.0.0.2',
      '1',
      '2',
      ...NUMERIC_COLUMNS.map((c) => String(r[c])),
      r.category,
      r.label,
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
