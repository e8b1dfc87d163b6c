// Child process for the kill -9 test: inserts readings forever and prints each acknowledged seq.
import { openStore } from '../openStore.ts';
import { makeInput, makeReading } from './fixtures.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crashWriter.ts <dataDir>');
const store = await openStore({ dataDir });
let seq = 0;
for (;;) {
  const rows = Array.from({ length: 50 }, () => makeInput(makeReading('crash-dev', ++seq, 'crash-pat')));
  await store.insertReadings(rows);
  process.stdout.write(`acked ${seq}\n`);
}
