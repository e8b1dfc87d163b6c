import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatasetError } from './errors.ts';

export type SplitWustlFileParameters = {
  /** A WUSTL-EHMS CSV or CSV.GZ file, rows in time order. */
  data: string;
  /** Output directory; must lie outside `forbiddenRoot` (the repository: data never goes into it). */
  outDir: string;
  forbiddenRoot: string;
  /** Share of rows, from the end, written as the test period (default 0.2). */
  testFraction?: number;
  /** Rows dropped between the train and test periods (default 50). */
  gap?: number;
};

export type SplitWustlFileReturnType = { train: string; test: string; rows: { train: number; test: number } };

/** Splits a WUSTL file in time into `train.csv.gz` (earlier) and `test.csv.gz` (later) with a gap between. */
export async function splitWustlFile({
  data,
  outDir,
  forbiddenRoot,
  testFraction = 0.2,
  gap = 50,
}: SplitWustlFileParameters): Promise<SplitWustlFileReturnType> {
  const out = resolve(outDir);
  const rel = relative(resolve(forbiddenRoot), out);
  if (rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'))) {
    throw new DatasetError(
      'refusing to write data rows inside the repository; choose a directory such as /tmp',
      {
        details: { outDir: out },
      },
    );
  }
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new DatasetError('test fraction must lie strictly between 0 and 1', { details: { testFraction } });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(data);
  } catch (cause) {
    throw new DatasetError(`cannot read data file ${data}`, { cause, details: { path: data } });
  }
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const testStart = Math.floor(lines.length * (1 - testFraction));
  const trainLines = lines.slice(0, Math.max(0, testStart - gap));
  const testLines = lines.slice(testStart);
  await mkdir(out, { recursive: true });
  const train = join(out, 'train.csv.gz');
  const test = join(out, 'test.csv.gz');
  await writeFile(train, gzipSync(`${[header, ...trainLines].join('\n')}\n`));
  await writeFile(test, gzipSync(`${[header, ...testLines].join('\n')}\n`));
  return { train, test, rows: { train: trainLines.length, test: testLines.length } };
}
