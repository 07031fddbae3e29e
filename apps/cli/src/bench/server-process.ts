import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const MAIN = fileURLToPath(new URL('../../../api/src/main.js', import.meta.url));

/** The API in a process of its own, so the load generator does not share its event loop. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** An admin key made for this run, sent as `Authorization` by the load. */
    readonly headers: Record<string, string>,
  ) {}

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const port = await freePort();
    const key = randomBytes(24).toString('base64url');
    // No rate limit: the benchmark is the one client, and it is measuring the server.
    const serverEnv = { ...process.env, ...env, PORT: String(port), API_KEYS: `${key}:admin`, RATE_LIMIT: '1000000' };
    const child = spawn(process.execPath, [MAIN], { env: serverEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}/api/v1`, { authorization: `Bearer ${key}` });
    await server.waitUntilHealthy();
    return server;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once the API's projections have taken in every stored event (its /health reports the lag). */
  async projected(): Promise<void> {
    for (;;) {
      const health = (await (await fetch(`${this.url}/health`)).json()) as { details?: { projections?: { lag?: string } } };
      if (health.details?.projections?.lag === '0') return;
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  private async waitUntilHealthy(): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (this.child.exitCode !== null) throw new Error(`the API exited with code ${this.child.exitCode}`);
      const ok = await fetch(`${this.url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error('the API did not become healthy within 30 s');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
