import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { ConfigError } from '../../errors/index.ts';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { runDemoHospital } from '../demo/runDemoHospital.ts';
import { withCommonOptions } from '../options.ts';

/** Runs the demo hospital until `signal` aborts and prints the dashboard URL and the demo sign-ins once. */
async function runDemo(gateway: Gateway, signal: AbortSignal, patients: number): Promise<void> {
  const stats = await runDemoHospital(gateway, {
    signal,
    patients,
    onReady: (demo) => {
      const lines = [
        '',
        `dashboard: ${gateway.http.url}/`,
        `demo: ${demo.fleet.length} patients (${demo.fleet.map((f) => f.pseudonym).join(', ')})`,
        `demo: compromised device ${demo.compromisedDevice} (biased oximeter: pulse +25 /min, SpO2 -5)`,
        `demo: ${demo.clinicianGrantee} was granted read:vitals and read:alerts for every demo patient (revocations are kept)`,
      ];
      if (demo.signIns) {
        lines.push('demo sign-ins (shown once; passwords are stored hashed only):');
        for (const s of demo.signIns) {
          const bound = s.patient ? ` (patient ${s.patient})` : '';
          lines.push(`  ${s.role.padEnd(9)} ${s.username.padEnd(10)} ${s.password}${bound}`);
        }
      } else {
        lines.push('demo sign-ins: created at the first start of this data dir (passwords printed then)');
      }
      process.stdout.write(`${lines.join('\n')}\n\n`);
    },
  });
  process.stdout.write(`demo: sent ${stats.sent}, acknowledged ${stats.acknowledged}\n`);
}

const loopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** Plain-text listeners reachable from the network: passwords, tokens and readings would cross it in clear. */
function plaintextWarnings(gateway: Gateway): string[] {
  const { config } = gateway;
  if (gateway.tls.server) {
    return gateway.mqtt.port !== undefined && !loopback(config.mqttHost)
      ? [
          `warning: plain MQTT on ${config.mqttHost}:${gateway.mqtt.port} beside TLS (VIGIL_MQTT_PORT=off closes it)`,
        ]
      : [];
  }
  const open = [
    ...(loopback(config.httpHost) ? [] : [`HTTP on ${config.httpHost}`]),
    ...(gateway.mqtt.mode === 'embedded' && !loopback(config.mqttHost) ? [`MQTT on ${config.mqttHost}`] : []),
  ];
  return open.length
    ? [`warning: ${open.join(' and ')} without TLS (set VIGIL_TLS_CERT_FILE and VIGIL_TLS_KEY_FILE)`]
    : [];
}

/** What the MQTT listeners are, for the start banner. */
function mqttLines(gateway: Gateway): string[] {
  if (gateway.mqtt.mode === 'external') return [`mqtt: external broker ${gateway.config.mqttUrl}`];
  const host = gateway.config.mqttHost;
  return [
    ...(gateway.mqtt.port === undefined
      ? []
      : [`mqtt: embedded broker on mqtt://${host}:${gateway.mqtt.port}`]),
    ...(gateway.mqtt.tlsPort === undefined
      ? []
      : [`mqtt: embedded broker on mqtts://${host}:${gateway.mqtt.tlsPort} (TLS)`]),
    '  devices sign in as username <device id>, password <connect token> and publish to vigil/v1/<org>/<device>/readings',
  ];
}

/** `vigil start`: runs the gateway until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command): void {
  withCommonOptions(program.command('start'))
    .description('start the gateway on embedded defaults (chain, store, broker, HTTP) and run until stopped')
    .option('--http-port <port>', 'HTTP port (env VIGIL_HTTP_PORT, default 8080)')
    .option('--mqtt-port <port>', 'embedded MQTT broker port, or off (env VIGIL_MQTT_PORT, default 1884)')
    .option('--tls-cert <file>', 'PEM certificate chain: HTTPS and MQTT over TLS (env VIGIL_TLS_CERT_FILE)')
    .option('--tls-key <file>', 'PEM private key of the certificate (env VIGIL_TLS_KEY_FILE)')
    .option(
      '--mqtts-port <port>',
      'MQTT over TLS port, with a certificate (env VIGIL_MQTTS_PORT, default 8883)',
    )
    .option(
      '--verify-workers <n>',
      'signature-verification threads (env VIGIL_VERIFY_WORKERS, default: cores - 1, at least 1)',
    )
    .option(
      '--stale-after <pairs>',
      'vital=seconds pairs after which the screen shows a vital stale (env VIGIL_STALE_AFTER)',
    )
    .option('--demo', 'also run simulated patients replaying real ICU vital signs')
    .option('--demo-patients <n>', 'number of simulated demo patients (1-64, default 8)')
    .action(async (flags: Record<string, unknown>) => {
      // Listen for signals first: a supervisor may stop us as soon as we say we are up.
      const controller = new AbortController();
      const stopped = new Promise<void>((resolve) => {
        const stop = () => {
          controller.abort();
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const demoPatients = Number(flags.demoPatients ?? 8);
      if (!Number.isInteger(demoPatients) || demoPatients < 1 || demoPatients > 64) {
        throw new ConfigError(`--demo-patients must be an integer from 1 to 64, got "${flags.demoPatients}"`);
      }
      const gateway = await createGateway(loadConfig(flags));
      const status = await gateway.status();
      for (const line of plaintextWarnings(gateway)) process.stderr.write(`${line}\n`);
      process.stdout.write(
        [
          `Vigil gateway ${gateway.config.gatewayId} started (data in ${gateway.config.dataDir})`,
          `chain: ${status.mode}, chain id ${status.chainId}, block ${status.blockNumber}`,
          ...Object.entries(status.contracts).map(([name, address]) => `  ${name.padEnd(16)} ${address}`),
          `models: ${gateway.models.anchored.map((m) => `${m.name} v${m.version} (sha256 ${m.digest.slice(2, 14)}…)`).join(', ')}`,
          `http: ${gateway.http.url} (dashboard at ${gateway.http.url}/, API docs at ${gateway.http.url}/docs)`,
          ...mqttLines(gateway),
          flags.demo ? `demo: ${demoPatients} simulated patients replaying PhysioNet 2012 ICU stays` : '',
          'press Ctrl+C to stop',
          '',
        ]
          .filter((line, i, all) => line !== '' || i === all.length - 1)
          .join('\n'),
      );
      const demo = flags.demo
        ? runDemo(gateway, controller.signal, demoPatients).catch((error: unknown) => {
            process.stderr.write(`demo stopped: ${error instanceof Error ? error.message : String(error)}\n`);
          })
        : Promise.resolve();
      await stopped;
      await demo;
      await gateway.stop();
      process.stdout.write('stopped\n');
    });
}
