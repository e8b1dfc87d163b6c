import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '../access/index.ts';
import { loadConfig } from '../config/index.ts';
import { createGateway } from '../gateway/index.ts';
import { createHttpSender, runSimulation } from '../sim/index.ts';

/** Parameters of {@link benchWardStream}. */
export type BenchWardStreamParameters = { patients: number; rate: number; seconds: number };

/** What one ward-stream client receives, against every vitals change the live monitor produced. */
export type BenchWardStreamReturnType = {
  patients: number;
  seconds: number;
  /** The paced, coalesced stream as a client reads it. */
  stream: { bytesPerSecond: number; vitalsPerSecond: number; alertsPerSecond: number };
  /** Every vitals change of the live monitor (what an unpaced stream would have to carry), as JSON. */
  unpaced: { bytesPerSecond: number; vitalsPerSecond: number };
  /** Largest time between two vitals events of one patient on the stream (ms), over all patients. */
  largestGapMs: number;
  machine: string;
  loadAverage: number;
};

/**
 * Runs a gateway with a simulated ward (embedded chain, temporary data dir, HTTP senders), opens one
 * `GET /v1/ward/stream` as a consented clinician and measures what it carries per second, beside every
 * vitals change the live monitor produced in the same run (the baseline an unpaced stream would carry).
 */
export async function benchWardStream(p: BenchWardStreamParameters): Promise<BenchWardStreamReturnType> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ward-'));
  const gateway = await createGateway(loadConfig({ dataDir: dir, httpPort: '0', mqttPort: '0' }, {}), {
    onError: () => undefined,
  });
  const abort = new AbortController();
  const password = 'bench-ward-stream-password';
  let simulation: Promise<unknown> = Promise.resolve();
  try {
    const fleet = await new Promise<string[]>((resolve, reject) => {
      simulation = runSimulation({
        chain: gateway.chain,
        sender: createHttpSender(gateway.http.url),
        orgId: 'bench-hospital',
        patients: p.patients,
        rate: p.rate,
        signal: abort.signal,
        waitForDevices: async (block) => {
          while ((await gateway.devices.sync()) < block) await new Promise((r) => setTimeout(r, 50));
        },
        onFleet: async (members) => {
          await createUser(gateway.access.db, {
            username: 'bench',
            role: 'clinician',
            password,
            organisation: 'bench-hospital',
          });
          for (const m of members) {
            await gateway.access.consent.grant({
              patient: m.pseudonym,
              grantee: 'bench-hospital',
              scope: 'read:vitals',
              expiresAt: Date.now() + 3_600_000,
            });
          }
          await gateway.access.consents.sync();
          resolve(members.map((m) => m.pseudonym));
        },
      }).catch(reject);
    });
    const { token } = await gateway.access.login('bench', password);
    let unpacedBytes = 0;
    let unpacedVitals = 0;
    let counting = false;
    const unsubscribe = gateway.alerts.subscribe((e) => {
      if (!counting || e.type !== 'vitals') return;
      unpacedVitals++;
      unpacedBytes += JSON.stringify(e.state).length;
    });
    const res = await fetch(`${gateway.http.url}/v1/ward/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    // Let the snapshots pass, then count.
    const settle = Date.now() + 3000;
    while (Date.now() < settle) await reader.read();
    counting = true;
    const started = Date.now();
    let bytes = 0;
    let vitals = 0;
    let alerts = 0;
    const last = new Map<string, number>();
    let largestGapMs = 0;
    for (const patient of fleet) last.set(patient, started);
    while (Date.now() - started < p.seconds * 1000) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const m of value.matchAll(/event: (vitals|alert)\ndata: \{"(?:patient|id)":"([^"]+)"/g)) {
        if (m[1] === 'alert') alerts++;
        else {
          vitals++;
          const now = Date.now();
          largestGapMs = Math.max(largestGapMs, now - (last.get(m[2]!) ?? now));
          last.set(m[2]!, now);
        }
      }
    }
    const seconds = (Date.now() - started) / 1000;
    for (const t of last.values()) largestGapMs = Math.max(largestGapMs, Date.now() - t);
    counting = false;
    unsubscribe();
    await reader.cancel();
    const per = (n: number) => Math.round((n / seconds) * 10) / 10;
    return {
      patients: p.patients,
      seconds: Math.round(seconds * 10) / 10,
      stream: {
        bytesPerSecond: Math.round(bytes / seconds),
        vitalsPerSecond: per(vitals),
        alertsPerSecond: per(alerts),
      },
      unpaced: { bytesPerSecond: Math.round(unpacedBytes / seconds), vitalsPerSecond: per(unpacedVitals) },
      largestGapMs,
      machine: `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, Node ${process.version}`,
      loadAverage: Math.round(loadavg()[0]! * 10) / 10,
    };
  } finally {
    abort.abort();
    await simulation.catch(() => undefined);
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
