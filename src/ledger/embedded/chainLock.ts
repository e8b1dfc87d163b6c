import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Written by the process that runs the embedded chain, so others can reach it over JSON-RPC. */
export type ChainLockInfo = { pid: number; url: string; token: string };

export type AcquireChainLockReturnType =
  | { owner: true; token: string; publish(url: string): void; release(): void }
  | { owner: false; info: ChainLockInfo };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the embedded chain of `chainDir` for this process, or finds the live process that holds it
 * (the chain is in-process: two processes must never replay and append one journal). A lock left
 * by a dead process is taken over.
 */
export async function acquireChainLock(chainDir: string): Promise<AcquireChainLockReturnType> {
  const path = join(chainDir, 'embedded.lock');
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const token = randomBytes(24).toString('base64url');
      writeSync(fd, JSON.stringify({ pid: process.pid, url: '', token }));
      closeSync(fd);
      return {
        owner: true,
        token,
        publish(url) {
          writeFileSync(path, JSON.stringify({ pid: process.pid, url, token } satisfies ChainLockInfo), {
            mode: 0o600,
          });
        },
        release() {
          if (!existsSync(path)) return;
          const info = JSON.parse(readFileSync(path, 'utf8')) as ChainLockInfo;
          if (info.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let info: ChainLockInfo | undefined;
    try {
      info = JSON.parse(readFileSync(path, 'utf8')) as ChainLockInfo;
    } catch {
      // Being written right now: look again shortly.
    }
    if (info && !alive(info.pid)) {
      rmSync(path, { force: true });
      continue;
    }
    if (info?.url) return { owner: false, info };
    await sleep(100);
  }
  throw new Error(`the embedded chain in ${chainDir} is locked by a process that does not answer`);
}
