import path from 'node:path';
import { migratePostgres, migrateSqlite } from '@app/event-store';
import type { StoreLocation } from '../stores/open-stores.js';
import { migrationsOf, SCHEMA, SCHEMA_COMPONENTS, type SchemaComponent } from './registry.js';

/** What one run applied to one database. */
export interface MigrationRun {
  /** `PostgreSQL` (never its URL: it may hold a password), or the SQLite file's name in DATA_DIR. */
  database: string;
  applied: string[];
}

/** A database the configuration names, the components it holds, and how to bring it up to date. */
interface SchemaDatabase {
  name: string;
  components: SchemaComponent[];
  migrate(): Promise<string[]>;
}

/** The file the embedded default keeps a component in. */
export const sqliteFileOf = (location: Pick<StoreLocation, 'dataDir'>, component: SchemaComponent): string => path.join(location.dataDir, SCHEMA[component].sqliteFile);

/**
 * The databases the configuration names: PostgreSQL, one database holding every
 * component; or the embedded default, one SQLite file per component. With KurrentDB
 * the events are in neither, so their migrations run nowhere.
 */
export function schemaDatabases(location: StoreLocation): SchemaDatabase[] {
  const held = SCHEMA_COMPONENTS.filter((component) => !(component === 'events' && location.kurrentdbUrl));
  const { databaseUrl } = location;
  if (databaseUrl) return [{ name: 'PostgreSQL', components: held, migrate: () => migratePostgres(databaseUrl, migrationsOf(held)) }];
  return held.map((component) => ({
    name: SCHEMA[component].sqliteFile,
    components: [component],
    migrate: async () => migrateSqlite(sqliteFileOf(location, component), SCHEMA[component].migrations),
  }));
}

/** Brings every database the configuration names up to date (`npm run migrate`), one after another. */
export async function migrateAll(location: StoreLocation): Promise<MigrationRun[]> {
  const runs: MigrationRun[] = [];
  for (const database of schemaDatabases(location)) runs.push({ database: database.name, applied: await database.migrate() });
  return runs;
}

/**
 * Brings the databases of the components a process opens up to date before it opens
 * them. Each database is migrated once per process (the event store and its keys share
 * PostgreSQL; the API opens the read models twice), and again after a failed attempt,
 * so an API started while PostgreSQL is down migrates when its retries reach it.
 */
export class SchemaMigrator {
  private readonly databases: SchemaDatabase[];
  private readonly runs = new Map<string, Promise<void>>();

  constructor(
    location: StoreLocation,
    private readonly onApplied: (run: MigrationRun) => void = () => undefined,
  ) {
    this.databases = schemaDatabases(location);
  }

  async ready(...components: SchemaComponent[]): Promise<void> {
    const needed = this.databases.filter((database) => database.components.some((component) => components.includes(component)));
    await Promise.all(needed.map((database) => this.once(database)));
  }

  private once(database: SchemaDatabase): Promise<void> {
    const run = this.runs.get(database.name) ?? this.start(database);
    this.runs.set(database.name, run);
    return run;
  }

  private start(database: SchemaDatabase): Promise<void> {
    return database.migrate().then(
      (applied) => {
        if (applied.length > 0) this.onApplied({ database: database.name, applied });
      },
      (error: unknown) => {
        this.runs.delete(database.name);
        throw error;
      },
    );
  }
}
