import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL cluster in a temporary directory, for tests that stop and
 * start the server (TOOLCHAIN.md). Runs the server as the `postgres` user (initdb
 * refuses root), on a loopback port of its own.
 */
export class PrivatePostgres {
  readonly url: string;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  /** The server binaries, or undefined when this machine has none. */
  static binaries(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return undefined;
    const version = fs.readdirSync(root).sort().at(-1);
    const bin = version && path.join(root, version, 'bin');
    return bin && fs.existsSync(path.join(bin, 'pg_ctl')) ? bin : undefined;
  }

  static create(): PrivatePostgres {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-pg-'));
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['postgres', dir]);
    const cluster = new PrivatePostgres(dir, 55_000 + (process.pid % 4000));
    cluster.asPostgres('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync']);
    cluster.start();
    return cluster;
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`;
    this.asPostgres('pg_ctl', ['-D', path.join(this.dir, 'data'), '-l', path.join(this.dir, 'log'), '-o', options, '-w', 'start']);
  }

  /** `fast` disconnects clients and shuts down cleanly; `immediate` is a crash (recovery at the next start). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.asPostgres('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private asPostgres(program: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(PrivatePostgres.binaries()!, program), ...args], { stdio: 'pipe' });
  }
}
