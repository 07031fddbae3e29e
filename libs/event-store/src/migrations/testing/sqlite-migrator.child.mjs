// A process running the SQLite migrations, for the concurrent-runners test in migrations.int.spec.ts.
// It loads the real runner through the swc hooks (as sqlite/testing/concurrent-writer.child.mjs does).
// Protocol (IPC): sends {type:'ready'}, waits for 'go', migrates, sends {type:'done', applied} and exits.
// Usage: sqlite-migrator.child.mjs <db file>
import { once } from 'node:events';
import { register } from 'node:module';

register('../../testing/swc-typescript-hooks.mjs', import.meta.url);
const { migrateSqlite } = await import('../sqlite-migrations.ts');
const { STEPS, LATER } = await import('./steps.ts');

const [file] = process.argv.slice(2);
process.send({ type: 'ready' });
await once(process, 'message');
const applied = migrateSqlite(file, [...STEPS, LATER]);
process.send({ type: 'done', applied }, () => process.disconnect());
