import type { EntityManager } from 'typeorm';

/**
 * Counts the erasure (read_model_erasures), so that a projection in another process drops
 * its in-memory copies (FlagPeriodProjection.apply). On PostgreSQL it first waits for a
 * projection batch under way (its checkpoint row is locked for the batch), so no batch
 * begun before the erasure commits after it.
 */
export async function countErasure(tx: EntityManager): Promise<void> {
  if (tx.connection.options.type === 'postgres') await tx.query(`SELECT 1 FROM projection_checkpoints WHERE projection = 'subject-timelines' FOR UPDATE`);
  await tx.query('UPDATE read_model_erasures SET count = count + 1 WHERE id = 1');
}

/** How many erasures the read models have taken in (read_model_erasures): a process holding anything of them drops it when the count moves. */
export async function erasureCount(tx: EntityManager): Promise<string> {
  const [row] = (await tx.query('SELECT count FROM read_model_erasures WHERE id = 1')) as { count: string | number }[];
  return String(row?.count ?? 0);
}
