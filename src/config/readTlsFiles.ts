import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors/index.ts';
import type { VigilConfig } from './loadConfig.ts';

/** The PEM files TLS was configured with, read. */
export type TlsFiles = {
  /** Certificate chain and key of the gateway's HTTPS and MQTT over TLS listeners (both or neither). */
  server: { cert: Buffer; key: Buffer } | undefined;
  /** CA bundle to verify a peer with (an external `mqtts://` broker; the gateway, for its own clients). */
  ca: Buffer | undefined;
};

async function read(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read the TLS ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads the certificate, key and CA files named by the configuration (`VIGIL_TLS_*_FILE`). */
export async function readTlsFiles(tls: VigilConfig['tls']): Promise<TlsFiles> {
  return {
    server:
      tls.certFile && tls.keyFile
        ? { cert: await read(tls.certFile, 'certificate'), key: await read(tls.keyFile, 'key') }
        : undefined,
    ca: tls.caFile ? await read(tls.caFile, 'CA file') : undefined,
  };
}
