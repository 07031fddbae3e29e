import type { IsoDate, Policy } from '@app/domain';
import type { DataSource } from 'typeorm';
import { FlagPeriodProjection } from './flag-periods/flag-periods.projection.js';
import { SubjectTimelineEntity } from './read-model/entities.js';
import { countErasure } from './read-model/erasure-count.js';
import { subjectKey } from './subject-timeline.projection.js';

/**
 * Removes an erased subject's row from the subject-timeline read model. The row holds
 * the plaintext facts projected before the erasure, and the projection never rewrites
 * it (it skips erased events), so without this the read model would keep them. Its flag
 * periods go too, and those of the subjects linked to it are derived again without it,
 * under `policy`, as known on `knownOn` (FlagPeriodProjection.forget).
 *
 * On the embedded SQLite read model it then VACUUMs and empties the WAL: a DELETE only
 * frees the row's space, and earlier versions of the row (every batch rewrote it) also
 * linger in free pages until reused. PostgreSQL keeps dead row versions until vacuum
 * reuses their space, and in its WAL and backups: those expire on the LA's schedule.
 *
 * Run it with the projection runner that writes `db` stopped (VACUUM cannot run inside
 * the runner's transaction, and a batch read before the erasure must not rewrite the
 * row afterwards). Returns whether there was a row. Safe to repeat.
 */
export async function forgetSubject(db: DataSource, type: 'child' | 'worker', id: string, flags: { policy: Policy; knownOn: IsoDate }): Promise<boolean> {
  const affected = await db.transaction(async (tx) => {
    await countErasure(tx);
    const deleted = await tx
      .createQueryBuilder()
      .delete()
      .from(SubjectTimelineEntity)
      .where('subject_key = :key', { key: subjectKey(type, id) })
      .execute();
    await new FlagPeriodProjection(flags.policy).forget({ type, id }, flags.knownOn, tx);
    return deleted.affected;
  });
  if (db.options.type === 'better-sqlite3') await scrubSqlite(db);
  return (affected ?? 0) > 0;
}

async function scrubSqlite(db: DataSource): Promise<void> {
  await db.query('VACUUM');
  const [result] = (await db.query('PRAGMA wal_checkpoint(TRUNCATE)')) as { busy: number }[];
  // Another connection's open read keeps the WAL, and the old row in it: report it so the caller retries.
  if (result.busy !== 0) throw new Error('read model row deleted, but its WAL is still in use and could not be emptied: call forgetSubject again');
}
