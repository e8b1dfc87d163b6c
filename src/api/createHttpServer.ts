import type { AddressInfo } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import type { VigilApp } from './buildApp.ts';

/** Inputs of `createHttpServer`. */
export type CreateHttpServerParameters = { app: VigilApp; host: string; port: number };

/** The HTTP listener as a service; `port` is the bound port once started (useful with port 0). */
export type HttpServer = {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly port: number;
  readonly url: string;
};

/**
 * Wraps a built app as a start/stop service (listen on start, close on stop; idempotent stop). The URL
 * is `https://` when the app was built with a certificate.
 */
export function createHttpServer(params: CreateHttpServerParameters): HttpServer {
  const { app, host } = params;
  let port = params.port;
  let started = false;
  return {
    async start() {
      if (started) return;
      await app.listen({ host, port: params.port });
      started = true;
      port = (app.server.address() as AddressInfo).port;
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.close();
    },
    get port() {
      return port;
    },
    get url() {
      const scheme = app.server instanceof TlsServer ? 'https' : 'http';
      return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
  };
}
