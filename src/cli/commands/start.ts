import type { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { createGateway } from '../../gateway/index.ts';
import { withCommonOptions } from '../options.ts';

/** `vigil start`: runs the gateway until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command): void {
  withCommonOptions(program.command('start'))
    .description('start the gateway on embedded defaults (chain, store, broker, HTTP) and run until stopped')
    .option('--http-port <port>', 'HTTP port (env VIGIL_HTTP_PORT, default 8080)')
    .option('--mqtt-port <port>', 'embedded MQTT broker port (env VIGIL_MQTT_PORT, default 1884)')
    .action(async (flags: Record<string, unknown>) => {
      // Listen for signals first: a supervisor may stop us as soon as we say we are up.
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const gateway = await createGateway(loadConfig(flags));
      const status = await gateway.status();
      process.stdout.write(
        [
          `Vigil gateway ${gateway.config.gatewayId} started (data in ${gateway.config.dataDir})`,
          `chain: ${status.mode}, chain id ${status.chainId}, block ${status.blockNumber}`,
          ...Object.entries(status.contracts).map(([name, address]) => `  ${name.padEnd(16)} ${address}`),
          'press Ctrl+C to stop',
          '',
        ].join('\n'),
      );
      // Signal handlers alone do not keep Node running.
      const keepAlive = setInterval(() => {}, 1 << 30);
      await stopped;
      clearInterval(keepAlive);
      await gateway.stop();
      process.stdout.write('stopped\n');
    });
}
