import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCoalescingStream, sseFrame } from './createCoalescingStream.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sink that takes one write per `ms` and holds at most `highWaterMark` bytes (a slow client). */
function slowSink(ms: number, highWaterMark: number) {
  const frames: { key: string; n: number }[] = [];
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _enc, done) {
      const data = /data: (.*)\n/.exec(chunk.toString())?.[1];
      if (data) frames.push(JSON.parse(data));
      setTimeout(done, ms);
    },
  });
  return { res: sink as unknown as ServerResponse, frames };
}

describe('createCoalescingStream', () => {
  it('under backpressure keeps one latest state per key and serves every key in turn', async () => {
    const { res, frames } = slowSink(5, 2048);
    const stream = createCoalescingStream({ res, minIntervalMs: 0 });
    const keys = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const latest = new Map<string, number>();
    let maxPending = 0;
    for (let n = 0; n < 100; n++) {
      for (const key of keys) {
        latest.set(key, n);
        const frame = { key, n };
        stream.put(key, () => sseFrame('vitals', frame), true);
      }
      maxPending = Math.max(maxPending, stream.pending());
      await sleep(5);
    }
    await sleep(1500);
    // Never more queued than one entry per key, however far behind the client is.
    expect(maxPending).toBeLessThanOrEqual(keys.length);
    const counts = keys.map((k) => frames.filter((f) => f.key === k).length);
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    // Each key's last frame is its latest state.
    for (const key of keys) expect(frames.filter((f) => f.key === key).at(-1)?.n).toBe(latest.get(key));
    stream.close();
  });

  it('paces a key to at most one frame per interval and writes urgent keys first', async () => {
    const { res, frames } = slowSink(0, 1 << 20);
    const stream = createCoalescingStream({ res, minIntervalMs: 200 });
    const started = Date.now();
    for (let n = 0; n < 20; n++) {
      stream.put('vitals', () => sseFrame('vitals', { key: 'vitals', n }), true);
      if (n === 10) stream.put('alert', () => sseFrame('alert', { key: 'alert', n }));
      await sleep(25);
    }
    await sleep(300);
    const elapsed = Date.now() - started;
    const vitals = frames.filter((f) => f.key === 'vitals');
    // At most one frame per 200 ms (not one per update), the last one the latest state.
    expect(vitals.length).toBeGreaterThanOrEqual(2);
    expect(vitals.length).toBeLessThanOrEqual(Math.floor(elapsed / 200) + 1);
    expect(vitals.at(-1)?.n).toBe(19);
    expect(frames.filter((f) => f.key === 'alert')).toEqual([{ key: 'alert', n: 10 }]);
    stream.close();
  });

  it('drops what is queued for a prefix (a patient whose access ended)', async () => {
    const { res, frames } = slowSink(0, 1 << 20);
    const stream = createCoalescingStream({ res });
    stream.put('a\u0000v', () => sseFrame('vitals', { key: 'a' }), true);
    stream.put('b\u0000v', () => sseFrame('vitals', { key: 'b' }), true);
    stream.drop('a\u0000');
    await sleep(20);
    expect(frames).toEqual([{ key: 'b' }]);
    stream.close();
  });
});
