import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type AnvilProcess = { url: string; process: ChildProcess; stop(): Promise<void> };

/** Path of the anvil binary shipped in the platform package of `@foundry-rs/anvil`, if installed. */
export function anvilBinary(): string | undefined {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const require = createRequire(import.meta.url);
  try {
    const pkg = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`);
    const bin = join(dirname(pkg), 'bin', 'anvil');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Spawns a real Anvil node on 127.0.0.1 (a free port) and waits until it listens. */
export async function startAnvil(extraArgs: string[] = []): Promise<AnvilProcess> {
  const bin = anvilBinary();
  if (!bin) throw new Error('anvil binary not found (npm install @foundry-rs/anvil)');
  const child = spawn(bin, ['--host', '127.0.0.1', '--port', '0', '--chain-id', '31338', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`anvil did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on ([\d.]+:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(`http://${match[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited with ${code}: ${out}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}
