import { randomBytes } from 'node:crypto';
import { ensureOrganisation, registerDevice } from '../identity/registerDevice.ts';
import type { ChainContext } from '../ledger/index.ts';
import type { SimulatedDevice } from './createSimulatedDevice.ts';
import { loadDemoPatients } from './loadDemoPatients.ts';
import { replayFleet } from './replayFleet.ts';
import { createPatientDevices, type PatientDevices } from './replayPatient.ts';
import type { ReadingSender } from './senders/types.ts';

export type RunSimulationParameters = {
  /** Where devices are registered (the signer must be the organisation's admin or the consortium admin). */
  chain: ChainContext;
  sender: ReadingSender;
  orgId: string;
  patients: number;
  /** Readings per second per patient (default 1). */
  rate?: number;
  /** Stay seconds per wall-clock second (default 60). */
  speed?: number;
  /** Stop after this many seconds (default: when the stays end). */
  durationS?: number;
  /** Readings in flight at once (default 256). */
  concurrency?: number;
  /** Waits for the gateway to learn the new devices (e.g. its registry cache to reach a block). */
  waitForDevices?: (block: bigint) => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (stats: SimulationStats) => void;
  /**
   * Makes one device of patient `patient` (index) dishonest: `biased-oximeter` reports pulse 25 /min high
   * and SpO2 5 points low (plausible values, validly signed) from the start; the trust engine should
   * quarantine it. Used by the demo hospital.
   */
  compromised?: { patient: number; attack: 'biased-oximeter' };
  /**
   * Stable pseudonyms `<prefix>0000`, `<prefix>0001`, … (default `p-<random run id>-`): a restarted demo
   * keeps its patients, with new devices (device ids always carry the run id).
   */
  pseudonymPrefix?: string;
  /** Called once the devices are registered and known to the gateway, before any reading is sent. */
  onFleet?: (fleet: SimulatedFleetMember[]) => Promise<void>;
};

/** One simulated patient: pseudonym and devices (with the compromised one marked). */
export type SimulatedFleetMember = {
  pseudonym: string;
  devices: { deviceId: string; kind: string; compromised: boolean }[];
};

export type SimulationStats = {
  devices: number;
  sent: number;
  acknowledged: number;
  refused: Record<string, number>;
  elapsedS: number;
};

/** An oximeter whose pulse reads 25 /min high and SpO2 5 points low (a biased or tampered sensor). */
function biased(device: SimulatedDevice): SimulatedDevice {
  const wrapper: SimulatedDevice = Object.create(device);
  return Object.assign(wrapper, {
    sign: (vital: Parameters<SimulatedDevice['sign']>[0], value: number, at: number) =>
      device.sign(
        vital,
        vital === 'heartRate' ? value + 25 : vital === 'spo2' ? Math.max(value - 5, 50) : value,
        at,
      ),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers a fleet of simulated bedside devices (monitor, oximeter, thermometer per patient) and
 * streams their signed readings, replaying real ICU vital signs, to a gateway in real time.
 */
export async function runSimulation(params: RunSimulationParameters): Promise<SimulationStats> {
  const rate = params.rate ?? 1;
  const speed = params.speed ?? 60;
  const demo = await loadDemoPatients();
  const run = randomBytes(2).toString('hex');
  const fleet: { patient: (typeof demo)[number]; devices: PatientDevices }[] = [];
  for (let i = 0; i < params.patients; i++) {
    const base = demo[i % demo.length]!;
    const pseudonym = `${params.pseudonymPrefix ?? `p-${run}-`}${String(i).padStart(4, '0')}`;
    const patient = { ...base, pseudonym };
    const devices = createPatientDevices(patient, `s${run}${i}-`);
    if (params.compromised?.patient === i) devices.oximeter = biased(devices.oximeter);
    fleet.push({ patient, devices });
  }

  await ensureOrganisation(params.chain, params.orgId);
  const all = fleet.flatMap((f) => [f.devices.monitor, f.devices.oximeter, f.devices.thermometer]);
  let lastBlock = 0n;
  for (const device of all) {
    const { receipt } = await registerDevice(params.chain, {
      deviceId: device.deviceId,
      orgId: params.orgId,
      kind: device.kind,
      patient: device.patient,
      publicKey: device.publicKey,
    });
    if (receipt.blockNumber > lastBlock) lastBlock = receipt.blockNumber;
  }
  await params.waitForDevices?.(lastBlock);
  // Over MQTT each device signs in with its own key.
  params.sender.enroll?.(all);
  await params.onFleet?.(
    fleet.map((f, i) => ({
      pseudonym: f.patient.pseudonym,
      devices: [f.devices.monitor, f.devices.oximeter, f.devices.thermometer].map((d) => ({
        deviceId: d.deviceId,
        kind: d.kind,
        compromised: params.compromised?.patient === i && d === f.devices.oximeter,
      })),
    })),
  );

  // Four fast streams per patient (HR, RR, SpO2, pulse) carry the rate; BP and temperature are rarer.
  const fast = (4 * speed) / rate;
  const stats: SimulationStats = { devices: all.length, sent: 0, acknowledged: 0, refused: {}, elapsedS: 0 };
  const started = Date.now();
  const deadline =
    params.durationS === undefined ? Number.POSITIVE_INFINITY : started + params.durationS * 1000;
  const inFlight = new Set<Promise<void>>();
  const concurrency = params.concurrency ?? 256;
  let lastReport = started;

  for (const event of replayFleet({
    patients: fleet,
    speed,
    startAt: started,
    periods: {
      heartRate: fast,
      respiratoryRate: fast,
      spo2: fast,
      pulse: fast,
      bloodPressure: fast * 15,
      bodyTemperature: fast * 60,
    },
  })) {
    if (params.signal?.aborted || event.at > deadline) break;
    const wait = event.at - Date.now();
    if (wait > 0) await sleep(wait);
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    stats.sent++;
    const p = params.sender.send(params.orgId, event.reading).then((outcome) => {
      if (outcome.ok) stats.acknowledged++;
      else stats.refused[outcome.code] = (stats.refused[outcome.code] ?? 0) + 1;
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (params.onProgress && Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      params.onProgress({ ...stats, elapsedS: (lastReport - started) / 1000 });
    }
  }
  await Promise.all(inFlight);
  stats.elapsedS = (Date.now() - started) / 1000;
  return stats;
}
