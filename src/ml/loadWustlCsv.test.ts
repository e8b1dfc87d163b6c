import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.ts';
import { loadWustlCsv, parseWustlCsv } from './loadWustlCsv.ts';
import { syntheticRows, toWustlCsv } from './syntheticRows.ts';

describe('loadWustlCsv', () => {
  const rows = syntheticRows(60, 5);
  const text = toWustlCsv(rows);

  it('parses the WUSTL layout in row order with categories and labels', () => {
    const parsed = parseWustlCsv(text);
    expect(parsed.rows).toHaveLength(60);
    expect(parsed.rows[7]).toEqual(rows[7]);
    expect(parsed.columns).toContain('Attack Category');
  });

  it('reads gzip and plain files alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-ml-'));
    await writeFile(join(dir, 'a.csv.gz'), gzipSync(text));
    await writeFile(join(dir, 'a.csv'), text);
    const gz = await loadWustlCsv(join(dir, 'a.csv.gz'));
    const plain = await loadWustlCsv(join(dir, 'a.csv'));
    expect(gz.rows).toEqual(plain.rows);
  });

  it('rejects a file holding only identifier columns, naming what is missing', () => {
    const only =
      'SrcAddr,DstAddr,Sport,Dport,SrcMac,DstMac,Packet_num,Attack Category\n1,2,3,4,5,6,7,normal\n';
    expect(() => parseWustlCsv(only, 'ids.csv')).toThrow(DatasetError);
    try {
      parseWustlCsv(only, 'ids.csv');
    } catch (error) {
      expect((error as DatasetError).code).toBe('VIGIL_ML_DATASET_INVALID');
      expect((error as DatasetError).details?.missing).toContain('SpO2');
    }
  });

  it('rejects a file missing one feature column', () => {
    const dropped = text
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .filter((_, i) => i !== text.split('\n')[0]!.split(',').indexOf('Rate'))
          .join(','),
      )
      .join('\n');
    expect(() => parseWustlCsv(dropped)).toThrow(/missing column\(s\) Rate/);
  });

  it('rejects non-numeric values and unknown categories without echoing the value', () => {
    const lines = text.split('\n');
    const spo2 = lines[0]!.split(',').indexOf('SpO2');
    const bad = lines[1]!.split(',');
    bad[spo2] = 'abc';
    expect(() => parseWustlCsv([lines[0], bad.join(','), ...lines.slice(2)].join('\n'))).toThrow(
      /line 2: column SpO2 is not a number$/,
    );
    const unknown = lines[1]!.replace(/normal|Spoofing|Data Alteration/, 'Flooding');
    expect(() => parseWustlCsv([lines[0], unknown].join('\n'))).toThrow(/unknown attack category/);
  });

  it('reports an unreadable file as a DatasetError', async () => {
    await expect(loadWustlCsv('/nonexistent/file.csv')).rejects.toMatchObject({
      code: 'VIGIL_ML_DATASET_INVALID',
    });
  });
});
