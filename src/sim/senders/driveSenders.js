// Plain JavaScript so the sender thread can load it; typed by driveSenders.d.ts.
import { performance } from 'node:perf_hooks';

/**
 * Sends messages 0…count-1 with `inFlight` outstanding at a time until all are sent or `seconds` passed.
 * `send(i)` resolves null once message i is stored, else with its rejection code.
 */
export async function saturate(send, count, inFlight, seconds) {
  let next = 0;
  let stored = 0;
  const codes = {};
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count && performance.now() < deadline) {
        const code = await send(next++);
        if (code === null) stored++;
        else codes[code] = (codes[code] ?? 0) + 1;
      }
    }),
  );
  return { sent: next, stored, codes, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Sends messages 0…count-1 at `perSecond`, each when due whatever is still outstanding. Returns when
 * each was published (ms since the epoch, comparable across threads) and how long until it was stored
 * or refused.
 */
export async function paced(send, count, perSecond) {
  const publishedAt = new Float64Array(count);
  const durableMs = new Float64Array(count);
  const codes = {};
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i / perSecond) * 1000 - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t = performance.now();
    publishedAt[i] = performance.timeOrigin + t;
    pending.push(
      send(i).then((code) => {
        durableMs[i] = performance.now() - t;
        if (code !== null) codes[code] = (codes[code] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(pending);
  return { publishedAt, durableMs, codes };
}
