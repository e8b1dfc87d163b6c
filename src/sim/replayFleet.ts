import type { DemoPatient } from './loadDemoPatients.ts';
import {
  type PatientDevices,
  type ReplayEvent,
  type ReplayPatientParameters,
  replayPatient,
} from './replayPatient.ts';

/** Inputs of `replayFleet`: several patients with their devices, replayed on one shared clock. */
export type ReplayFleetParameters = Omit<ReplayPatientParameters, 'patient' | 'devices'> & {
  patients: readonly { patient: DemoPatient; devices: PatientDevices }[];
};

type Head = { event: ReplayEvent; order: number; source: Generator<ReplayEvent> };

const before = (a: Head, b: Head) =>
  a.event.at < b.event.at || (a.event.at === b.event.at && a.order < b.order);

/**
 * Merges the replays of many patients into one stream ordered by `at` (ties in patient order),
 * holding one pending reading per patient: memory stays flat for thousands of devices.
 */
export function* replayFleet(p: ReplayFleetParameters): Generator<ReplayEvent> {
  const { patients, ...common } = p;
  const startAt = common.startAt ?? Date.now();
  const heap: Head[] = [];
  const push = (h: Head) => {
    heap.push(h);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Head => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  patients.forEach(({ patient, devices }, order) => {
    const source = replayPatient({ ...common, startAt, patient, devices });
    const first = source.next();
    if (!first.done) push({ event: first.value, order, source });
  });
  while (heap.length > 0) {
    const head = pop();
    yield head.event;
    const next = head.source.next();
    if (!next.done) push({ event: next.value, order: head.order, source: head.source });
  }
}
