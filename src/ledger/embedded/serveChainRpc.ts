import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EIP1193RequestFn } from 'viem';

const MAX_BODY = 4 * 1024 * 1024;

/**
 * Serves the embedded chain as JSON-RPC on 127.0.0.1 (a random port), for other `vigil` processes
 * on this machine (the CLI while the gateway runs). Every request needs the bearer token from the
 * chain lock file, which only the data directory's owner can read.
 */
export async function serveChainRpc(
  provider: { request: EIP1193RequestFn },
  token: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const expected = Buffer.from(`Bearer ${token}`);
  const server: Server = createServer((req, res) => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (req.method !== 'POST' || auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      res.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', async () => {
      let body:
        | { id?: unknown; method?: string; params?: unknown }
        | { id?: unknown; method?: string; params?: unknown }[];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const handle = async (call: { id?: unknown; method?: string; params?: unknown }) => {
        try {
          const result = await provider.request({
            method: call.method as never,
            params: call.params as never,
          });
          return { jsonrpc: '2.0', id: call.id ?? null, result };
        } catch (error) {
          const e = error as { code?: number; message?: string; data?: unknown };
          return {
            jsonrpc: '2.0',
            id: call.id ?? null,
            error: {
              code: e.code ?? -32603,
              message: e.message ?? 'error',
              ...(e.data ? { data: e.data } : {}),
            },
          };
        }
      };
      const reply = Array.isArray(body) ? await Promise.all(body.map(handle)) : await handle(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
