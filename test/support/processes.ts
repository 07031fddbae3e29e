import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The built entry points (`npm run build`; `npm test` builds first). */
export const API_MAIN = path.resolve('dist/apps/api/src/main.js');
export const PROJECTOR_MAIN = path.resolve('dist/apps/projector/src/main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A service in its own process, as a deployment runs it. */
export class ServiceProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private output: string[],
  ) {}

  /** Starts `main` with `env` and waits until `healthPath` answers 200. */
  static async start(main: string, env: Record<string, string>, port: number, healthPath: string): Promise<ServiceProcess> {
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    const output: string[] = [];
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const service = new ServiceProcess(child, `http://127.0.0.1:${port}`, output);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`${path.basename(main)} exited with ${child.exitCode}: ${output.join('').slice(-2000)}`);
      const ok = await fetch(`${service.url}${healthPath}`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return service;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill('SIGKILL');
    throw new Error(`${path.basename(main)} did not become healthy: ${output.join('').slice(-2000)}`);
  }

  async json<T = any>(pathAndQuery: string, token?: string): Promise<T> {
    const res = await fetch(`${this.url}${pathAndQuery}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Stops the process with a signal and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await exited;
  }
}
