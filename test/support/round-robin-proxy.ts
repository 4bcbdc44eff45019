/**
 * A tiny reverse proxy on 127.0.0.1 that hands each request to the next backend in turn, as a load balancer
 * in front of several webhook instances would. It records which backend got which update (by update_id) and
 * answers 502 when a backend is down, so the sender (the emulator, like Telegram) retries — on the next one.
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Routed {
  updateId: number | undefined;
  backend: number;
  status: number;
}

export class RoundRobinProxy {
  readonly routed: Routed[] = [];
  private next = 0;
  private constructor(
    private readonly server: Server,
    private readonly backends: readonly number[],
  ) {}

  static async start(backendPorts: readonly number[]): Promise<RoundRobinProxy> {
    let proxy!: RoundRobinProxy;
    const server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const body = Buffer.concat(chunks);
        const backend = proxy.next++ % proxy.backends.length;
        let updateId: number | undefined;
        try {
          updateId = (JSON.parse(body.toString("utf8")) as { update_id?: number }).update_id;
        } catch {}
        // Recorded as it is handed on: the bot's replies arrive before the webhook's own answer does.
        const entry: Routed = { updateId, backend, status: 0 };
        proxy.routed.push(entry);
        const record = (status: number) => {
          entry.status = status;
        };
        const forward = httpRequest(
          {
            host: "127.0.0.1",
            port: proxy.backends[backend],
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: `127.0.0.1:${proxy.backends[backend]}` },
            timeout: 15_000,
          },
          (response) => {
            record(response.statusCode ?? 0);
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
          },
        );
        forward.on("error", () => {
          record(502);
          if (!outgoing.headersSent) outgoing.writeHead(502);
          outgoing.end();
        });
        forward.on("timeout", () => forward.destroy(new Error("backend timeout")));
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    proxy = new RoundRobinProxy(server, backendPorts);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Which backend the next request goes to. */
  get nextBackend(): number {
    return this.next % this.backends.length;
  }

  backendOf(updateId: number): number | undefined {
    // The last hand-over: an earlier one may have failed (502) and been retried on the other backend.
    return this.routed.findLast((entry) => entry.updateId === updateId)?.backend;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on right now (for a backend that starts later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
