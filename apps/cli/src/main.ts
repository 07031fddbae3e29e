import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, loadProjectorConfig, loadStoreLocation } from '@app/composition';
import { bench } from './bench/bench.command.js';
import { demo } from './demo.command.js';
import { migrate } from './migrate.command.js';
import { rebuild } from './rebuild.command.js';
import { docs } from './docs.command.js';
import { packageVersion } from './repository.js';

const number = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
  return n;
};

const program = new Command('practice-audit')
  .description('Case-practice audit: demo data, projection rebuilds and benchmarks')
  .version(packageVersion(), '-V, --version', 'print the version (package.json) and exit');

program
  .command('demo')
  .description('Load a generated year of a local authority into DATA_DIR')
  .option('--seed <n>', 'random seed', number(0, 2 ** 31), 20261123)
  .option('--scale <s>', '1 = a mid-size local authority', number(0.01, 10), 1)
  .option('--months <m>', 'months of history ending today', number(1, 120), 12)
  .action(async (opts: { seed: number; scale: number; months: number }) => demo(loadConfig(), opts));

program
  .command('projections:rebuild')
  .description('Rebuild the read models from zero (stop the API first)')
  .action(async () => rebuild(loadProjectorConfig()));

program
  .command('migrate')
  .description('Apply the schema migrations of every store (DATABASE_URL or DATA_DIR), print their ids, then exit')
  .action(async () => migrate(loadStoreLocation()));

program
  .command('docs')
  .description("Rewrite the generated parts of the docs (docs/DOMAIN.md's event catalogue) from the code")
  .action(() => docs());

program
  .command('bench')
  .description('Benchmark ingest, rebuild and flag queries against the raw store on generated data')
  .option('--seed <n>', 'random seed', number(0, 2 ** 31), 7)
  .option('--events <n>', 'minimum number of events', number(1000, 10_000_000), 200_000)
  .option('--scale <n>', 'a year of an authority at this scale instead (1: one mid-size LA; 5: a region of five)', number(0.01, 50))
  .option('--out <file>', 'where to write the JSON results', 'bench-results/bench.json')
  .option('--store <which>', 'sqlite, postgres or both (postgres: DATABASE_URL, else the local server)', 'sqlite')
  .action(async (opts: { seed: number; events: number; scale?: number; out: string; store: string }) => {
    if (!['sqlite', 'postgres', 'both'].includes(opts.store)) throw new InvalidArgumentError('--store must be sqlite, postgres or both');
    const postgresUrl = opts.store === 'sqlite' ? undefined : (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    await bench({ ...opts, sqlite: opts.store !== 'postgres', postgresUrl });
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : (error as Error).message);
  process.exit(1);
});
