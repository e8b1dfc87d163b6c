import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ChainJournalError } from '../errors.ts';

/** One state change of the embedded chain, in the order it was mined. */
export type JournalEntry =
  /** A signed raw transaction, mined alone in a block with timestamp `ts`. */
  | { t: 'tx'; raw: `0x${string}`; ts: number; hash: `0x${string}` }
  /** An empty block mined with timestamp `ts`. */
  | { t: 'mine'; ts: number };

export type ChainJournal = {
  /** Entries found when the journal was opened (to replay). */
  readonly entries: readonly JournalEntry[];
  /** Appends an entry and fsyncs before returning: only then may the change be reported. */
  append(entry: JournalEntry): void;
  close(): void;
};

/**
 * Opens (or creates) the append-only journal of the embedded chain. A line cut short by a crash
 * (the change was never reported as mined) is dropped; any other unreadable line is corruption.
 */
export function openChainJournal(path: string): ChainJournal {
  const entries: JournalEntry[] = [];
  let validBytes = 0;
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const complete = i < lines.length - 1;
      if (!complete) break;
      try {
        entries.push(parseEntry(line));
      } catch (cause) {
        throw new ChainJournalError(`chain journal ${path} is corrupt at line ${i + 1}`, { cause });
      }
      validBytes += Buffer.byteLength(line) + 1;
    }
  }
  const fd = openSync(path, 'a+');
  ftruncateSync(fd, validBytes);
  fsyncSync(fd);
  return {
    entries,
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}

function parseEntry(line: string): JournalEntry {
  const value = JSON.parse(line) as Partial<JournalEntry> & Record<string, unknown>;
  if (value.t === 'tx' && typeof value.raw === 'string' && typeof value.ts === 'number')
    return value as JournalEntry;
  if (value.t === 'mine' && typeof value.ts === 'number') return value as JournalEntry;
  throw new Error('unknown journal entry');
}
