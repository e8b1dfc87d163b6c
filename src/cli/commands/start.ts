import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { createHttpSender, createMqttSender, runSimulation } from '../../sim/index.ts';
import { withCommonOptions } from '../options.ts';

/** Runs the demo fleet against the gateway until `signal` aborts (errors are reported, not fatal). */
async function runDemo(gateway: Gateway, signal: AbortSignal): Promise<void> {
  const sender =
    gateway.mqtt.port !== undefined
      ? await createMqttSender(`mqtt://127.0.0.1:${gateway.mqtt.port}`)
      : createHttpSender(gateway.http.url);
  try {
    const stats = await runSimulation({
      chain: gateway.chain,
      sender,
      orgId: 'demo-hospital',
      patients: 8,
      rate: 1,
      speed: 60,
      signal,
      waitForDevices: async (block) => {
        while ((await gateway.devices.sync()) < block) await new Promise((r) => setTimeout(r, 50));
      },
    });
    process.stdout.write(`demo: sent ${stats.sent}, acknowledged ${stats.acknowledged}\n`);
  } finally {
    await sender.close();
  }
}

/** `vigil start`: runs the gateway until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command): void {
  withCommonOptions(program.command('start'))
    .description('start the gateway on embedded defaults (chain, store, broker, HTTP) and run until stopped')
    .option('--http-port <port>', 'HTTP port (env VIGIL_HTTP_PORT, default 8080)')
    .option('--mqtt-port <port>', 'embedded MQTT broker port (env VIGIL_MQTT_PORT, default 1884)')
    .option('--demo', 'also run simulated patients replaying real ICU vital signs')
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
      const gateway = await createGateway(loadConfig(flags));
      const status = await gateway.status();
      process.stdout.write(
        [
          `Vigil gateway ${gateway.config.gatewayId} started (data in ${gateway.config.dataDir})`,
          `chain: ${status.mode}, chain id ${status.chainId}, block ${status.blockNumber}`,
          ...Object.entries(status.contracts).map(([name, address]) => `  ${name.padEnd(16)} ${address}`),
          `models: ${gateway.models.anchored.map((m) => `${m.name} v${m.version} (sha256 ${m.digest.slice(2, 14)}…)`).join(', ')}`,
          `http: ${gateway.http.url} (POST /v1/observations, API docs at ${gateway.http.url}/docs)`,
          gateway.mqtt.mode === 'embedded'
            ? `mqtt: embedded broker on mqtt://127.0.0.1:${gateway.mqtt.port} (publish to vigil/v1/<org>/<device>/readings)`
            : `mqtt: external broker ${gateway.config.mqttUrl}`,
          flags.demo ? 'demo: 8 simulated patients replaying PhysioNet 2012 ICU stays' : '',
          'press Ctrl+C to stop',
          '',
        ]
          .filter((line, i, all) => line !== '' || i === all.length - 1)
          .join('\n'),
      );
      const demo = flags.demo
        ? runDemo(gateway, controller.signal).catch((error: unknown) => {
            process.stderr.write(`demo stopped: ${error instanceof Error ? error.message : String(error)}\n`);
          })
        : Promise.resolve();
      await stopped;
      await demo;
      await gateway.stop();
      process.stdout.write('stopped\n');
    });
}
