import type { ServerResponse } from 'node:http';

/** Parameters of {@link createCoalescingStream}. */
export type CreateCoalescingStreamParameters = {
  res: ServerResponse;
  /** A paced key (a patient's vitals) is sent at most this often (default 1 s). */
  minIntervalMs?: number;
  now?: () => number;
};

/** One Server-Sent Events frame, built when it is written (so it carries the latest state). */
export type Frame = () => string | undefined;

/** The per-connection sender of {@link createCoalescingStream}. */
export type CoalescingStream = {
  /** Queues the latest state under `key` (replacing an older one, keeping its place in the line). */
  put(key: string, frame: Frame, paced?: boolean): void;
  /** Drops what is queued under keys starting with `prefix` (a patient whose access ended). */
  drop(prefix: string): void;
  /** Writes now, ahead of the queue, unless the socket is full (heartbeats: skipped when full). */
  writeIfIdle(text: string): void;
  /** Keys waiting, for tests and metrics. */
  pending(): number;
  close(): void;
};

/** One SSE frame. */
export const sseFrame = (event: string, data: unknown) =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * A Server-Sent Events sender that never queues history: every key (a patient's vitals, an alert) holds
 * only its latest state; keys are written oldest-pending-first, and when the socket is full the sender
 * waits for `drain` and resumes where it stopped, so no key starves however many there are. Paced keys
 * are written at most once per `minIntervalMs`, which bounds what one client receives per second.
 */
export function createCoalescingStream(params: CreateCoalescingStreamParameters): CoalescingStream {
  const { res } = params;
  const minIntervalMs = params.minIntervalMs ?? 1000;
  const now = params.now ?? Date.now;
  // Two lines: urgent keys (alerts, snapshots, access changes) go before paced ones (vitals).
  const urgent = new Map<string, Frame>();
  const paced = new Map<string, Frame>();
  const lastSent = new Map<string, number>();
  let full = false;
  let closed = false;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (scheduled || closed || full) return;
    scheduled = true;
    // After the current burst (a group commit notifies many patients in one tick): one flush for all.
    setImmediate(flush);
  };

  function write(key: string, frame: Frame): boolean {
    const text = frame();
    lastSent.set(key, now());
    if (text === undefined) return true;
    return res.write(text);
  }

  function flush(): void {
    scheduled = false;
    if (closed || full) return;
    for (const [key, frame] of urgent) {
      urgent.delete(key);
      if (!write(key, frame)) {
        full = true;
        return;
      }
    }
    const t = now();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [key, frame] of paced) {
      const due = (lastSent.get(key) ?? Number.NEGATIVE_INFINITY) + minIntervalMs;
      if (due > t) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      paced.delete(key);
      if (!write(key, frame)) {
        full = true;
        return;
      }
    }
    if (nextDue !== Number.POSITIVE_INFINITY && !timer) {
      timer = setTimeout(
        () => {
          timer = undefined;
          schedule();
        },
        Math.max(1, nextDue - t),
      );
      timer.unref();
    }
  }

  res.on('drain', () => {
    full = false;
    schedule();
  });

  return {
    put(key, frame, isPaced = false) {
      if (closed) return;
      (isPaced ? paced : urgent).set(key, frame);
      schedule();
    },
    drop(prefix) {
      for (const map of [urgent, paced])
        for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
    },
    writeIfIdle(text) {
      if (!closed && !full && urgent.size === 0) res.write(text);
    },
    pending: () => urgent.size + paced.size,
    close() {
      closed = true;
      clearTimeout(timer);
      urgent.clear();
      paced.clear();
    },
  };
}
