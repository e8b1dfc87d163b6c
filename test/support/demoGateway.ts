import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoHospital, runDemoHospital } from '../../src/cli/demo/runDemoHospital.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createGateway, type Gateway } from '../../src/gateway/index.ts';

/** A real gateway (embedded chain, SQLite, ports chosen by the OS) running the demo hospital. */
export type DemoGateway = {
  dir: string;
  gateway: Gateway;
  demo: DemoHospital;
  /** The generated password of a demo user (created at the first start only). */
  passwordOf(username: string): string;
  /**
   * Stops the gateway and its simulated devices (the browser sees a gateway that is gone), then starts it
   * again on the same data dir and ports with a new simulation run (new devices, same patients).
   */
  stopGateway(): Promise<void>;
  startGateway(): Promise<Gateway>;
  close(): Promise<void>;
};

/** Parameters of {@link startDemoGateway} (see `runDemoHospital`). */
export type StartDemoGatewayParameters = {
  patients: number;
  rate?: number;
  speed?: number;
  compromisedPatient?: number;
  /** Extra configuration (flags as `loadConfig` reads them). */
  flags?: Record<string, string>;
};

/** Starts a gateway with the demo hospital in a fresh temporary data dir and waits until its devices exist. */
export async function startDemoGateway(params: StartDemoGatewayParameters): Promise<DemoGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-gw-'));
  let abort = new AbortController();
  let simulation: Promise<unknown> = Promise.resolve();
  let ports = { httpPort: '0', mqttPort: '0' };
  let signIns: DemoHospital['signIns'] = null;
  const start = async () => {
    const gateway = await createGateway(
      loadConfig({ dataDir: dir, ...ports, masterKey: '33'.repeat(32), ...params.flags }, {}),
      { onError: () => undefined },
    );
    ports = { httpPort: String(gateway.http.port), mqttPort: String(gateway.mqtt.port ?? 0) };
    abort = new AbortController();
    const demo = await new Promise<DemoHospital>((resolve, reject) => {
      simulation = runDemoHospital(gateway, {
        signal: abort.signal,
        patients: params.patients,
        rate: params.rate ?? 2,
        ...(params.speed === undefined ? {} : { speed: params.speed }),
        ...(params.compromisedPatient === undefined ? {} : { compromisedPatient: params.compromisedPatient }),
        onReady: resolve,
      }).catch(reject);
    });
    signIns ??= demo.signIns;
    return { gateway, demo };
  };
  const first = await start();
  const h: DemoGateway = {
    dir,
    gateway: first.gateway,
    demo: first.demo,
    passwordOf(username) {
      const s = signIns?.find((u) => u.username === username);
      if (!s) throw new Error(`no demo sign-in for ${username}`);
      return s.password;
    },
    async stopGateway() {
      abort.abort();
      await simulation.catch(() => undefined);
      await h.gateway.stop();
    },
    async startGateway() {
      const next = await start();
      h.gateway = next.gateway;
      h.demo = { ...next.demo, signIns };
      return next.gateway;
    },
    async close() {
      abort.abort();
      await simulation.catch(() => undefined);
      await h.gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
