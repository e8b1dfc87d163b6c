import type { Gateway } from '../../gateway/index.ts';
import {
  createHttpSender,
  createMqttSender,
  runSimulation,
  type SimulatedFleetMember,
  type SimulationStats,
} from '../../sim/index.ts';
import { createDemoUsers, DEMO_USERS, type DemoSignIn } from './createDemoUsers.ts';

/** What the demo hospital set up, once its devices are registered. */
export type DemoHospital = {
  fleet: SimulatedFleetMember[];
  /** The sign-ins created now; null when the demo users existed already (restart). */
  signIns: DemoSignIn[] | null;
  /** The dishonest device (a biased oximeter) the trust engine should quarantine. */
  compromisedDevice: string;
  /** The consent grantee of the demo clinician. */
  clinicianGrantee: string;
};

/** Parameters of {@link runDemoHospital}. */
export type RunDemoHospitalParameters = {
  signal: AbortSignal;
  /** Simulated patients (default 8). */
  patients?: number;
  /** Readings per second per patient (default 1). */
  rate?: number;
  /** Stay seconds per wall-clock second (default 60). */
  speed?: number;
  /** Index of the patient whose oximeter is compromised (default 1). */
  compromisedPatient?: number;
  /** Pseudonym prefix of the demo patients (default `p-demo-`: stable across restarts). */
  pseudonymPrefix?: string;
  /** Consent lifetime granted to the demo clinician (default 30 days). */
  consentDays?: number;
  /** Called once users, consents and devices exist, before readings flow. */
  onReady?: (demo: DemoHospital) => void;
};

/**
 * The demo hospital of `vigil start --demo`: registers a fleet of simulated patients replaying real ICU
 * stays (one with a biased oximeter), creates the demo users on a fresh data dir, grants the demo
 * clinician consent (vitals and alerts) for every demo patient on chain, then streams readings until
 * `signal` aborts.
 */
export async function runDemoHospital(
  gateway: Gateway,
  params: RunDemoHospitalParameters,
): Promise<SimulationStats> {
  // The demo's devices verify a TLS gateway with the configured CA (the certificate when self-signed).
  const ca = gateway.tls.ca ?? gateway.tls.server?.cert;
  const sender =
    gateway.mqtt.port !== undefined
      ? createMqttSender(`mqtt://127.0.0.1:${gateway.mqtt.port}`)
      : gateway.mqtt.tlsPort !== undefined
        ? createMqttSender(`mqtts://127.0.0.1:${gateway.mqtt.tlsPort}`, { ca })
        : createHttpSender(gateway.http.url, { ca });
  const compromisedPatient = params.compromisedPatient ?? 1;
  const grantee = `clin-${DEMO_USERS.clinician}`;
  try {
    return await runSimulation({
      chain: gateway.chain,
      sender,
      orgId: 'demo-hospital',
      patients: params.patients ?? 8,
      rate: params.rate ?? 1,
      speed: params.speed ?? 60,
      signal: params.signal,
      compromised: { patient: compromisedPatient, attack: 'biased-oximeter' },
      // Stable pseudonyms: after a restart the demo patient user still follows a live patient.
      pseudonymPrefix: params.pseudonymPrefix ?? 'p-demo-',
      waitForDevices: async (block) => {
        while ((await gateway.devices.sync()) < block) await new Promise((r) => setTimeout(r, 50));
      },
      onFleet: async (fleet) => {
        const first = fleet[0];
        if (!first) throw new Error('the demo needs at least one patient');
        const signIns = await createDemoUsers(gateway.access.db, { patient: first.pseudonym });
        const expiresAt = Date.now() + (params.consentDays ?? 30) * 86_400_000;
        await gateway.access.consents.sync();
        for (const member of fleet) {
          for (const scope of ['read:vitals', 'read:alerts'] as const) {
            // A restart must not undo a patient's revocation: grant only where no consent was ever recorded.
            const known = gateway.access.consents
              .list(member.pseudonym)
              .some((c) => c.grantee === grantee && c.scope === scope);
            if (!known) {
              await gateway.access.consent.grant({ patient: member.pseudonym, grantee, scope, expiresAt });
            }
          }
        }
        await gateway.access.consents.sync();
        const compromised = fleet[compromisedPatient]?.devices.find((d) => d.compromised);
        params.onReady?.({
          fleet,
          signIns,
          compromisedDevice: compromised?.deviceId ?? '',
          clinicianGrantee: grantee,
        });
      },
    });
  } finally {
    await sender.close();
  }
}
