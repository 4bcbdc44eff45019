/**
 * A TCP proxy on 127.0.0.1 in front of the Bot API emulator that fails the way networks fail: it refuses
 * connections (nothing listens on its port) or black-holes them (accepts and never answers), then recovers
 * on the same port.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private mode: "forward" | "blackhole" = "forward";

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  static async start(targetUrl: string): Promise<FaultProxy> {
    const url = new URL(targetUrl);
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise((resolve) => probe.close(resolve));
    const proxy = new FaultProxy({ host: url.hostname, port: Number(url.port) }, port);
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** New connections are refused (ECONNREFUSED) and open ones are cut. */
  async refuse(): Promise<void> {
    await this.close();
  }

  /** Connections are accepted and go nowhere: requests hang until the client gives up. */
  async blackhole(): Promise<void> {
    this.dropAll();
    this.mode = "blackhole";
    if (!this.server) await this.listen();
  }

  async recover(): Promise<void> {
    this.dropAll();
    this.mode = "forward";
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.dropAll();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => {});
      if (this.mode === "blackhole") return;
      const upstream = createConnection(this.target);
      this.sockets.add(upstream);
      upstream.on("close", () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, "127.0.0.1", () => resolve()));
  }
}
