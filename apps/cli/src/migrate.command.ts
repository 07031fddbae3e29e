import { migrateAll, type MigrationRun, type StoreLocation } from '@app/composition';

/**
 * Brings every table the service owns up to date and exits, saying which migrations it
 * applied (the API also migrates at start; this is for deployments that migrate before
 * they start). Nothing else is opened or started.
 */
export async function migrate(config: StoreLocation): Promise<void> {
  console.log(report(await migrateAll(config), config.databaseUrl ? 'PostgreSQL' : config.dataDir));
}

/** One line per migration applied, naming the SQLite file on the embedded default; one line when there were none. */
export function report(runs: MigrationRun[], where: string): string {
  const applied = runs.flatMap((run) => run.applied.map((id) => (run.database === 'PostgreSQL' ? `  ${id}` : `  ${id} (${run.database})`)));
  if (applied.length === 0) return `No migrations to apply: the schemas in ${where} are up to date`;
  return [`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} in ${where}:`, ...applied].join('\n');
}
