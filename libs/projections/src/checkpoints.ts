import { START, type GlobalPosition } from '@app/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection.js';
import { CheckpointEntity } from './read-model/entities.js';

/** Where a projection has got to: the last event applied, and how many batches it has ever applied (never reset, not even by a rebuild). */
export interface Checkpoint {
  position: GlobalPosition;
  batches: number;
}

export const EMPTY_CHECKPOINT: Checkpoint = { position: START, batches: 0 };

/** `lock`: hold the row until the transaction ends (PostgreSQL), so concurrent runners apply batches one at a time. */
export async function loadCheckpoint(tx: EntityManager, projection: string, options: { lock?: boolean } = {}): Promise<Checkpoint> {
  const row = await tx.findOne(CheckpointEntity, { where: { projection }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  return row ? { position: BigInt(row.position), batches: Number(row.batches) } : EMPTY_CHECKPOINT;
}

/** `version`: saves the projection's version with it (a rebuild, a reset), otherwise the saved one stays. */
export async function saveCheckpoint(tx: EntityManager, projection: string, checkpoint: Checkpoint, version?: string): Promise<void> {
  const row = { projection, position: checkpoint.position.toString(), batches: String(checkpoint.batches), updatedAt: new Date().toISOString() };
  const columns = ['position', 'batches', 'updated_at'];
  await tx
    .createQueryBuilder()
    .insert()
    .into(CheckpointEntity)
    .values(version === undefined ? row : { ...row, version })
    .orUpdate(version === undefined ? columns : [...columns, 'version'], ['projection'])
    .execute();
}

/** Creates the projection's checkpoint row at START unless it exists, so there is always a row to lock. */
export async function ensureCheckpoint(tx: EntityManager, projection: string): Promise<void> {
  await tx.createQueryBuilder().insert().into(CheckpointEntity).values({ projection, position: START.toString(), batches: '0', updatedAt: new Date().toISOString() }).orIgnore().execute();
}

/**
 * Starts the projection again from the first event when its rows were derived under
 * another version (Projection.version) than its own: its rows go and its checkpoint
 * goes back to START (the batch count kept), in one transaction holding the row.
 */
export async function resetIfVersionChanged(db: DataSource, projection: Projection): Promise<void> {
  if (projection.version === undefined) return;
  await db.transaction(async (tx) => {
    const row = await tx.findOne(CheckpointEntity, { where: { projection: projection.name }, ...(tx.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (row?.version === projection.version) return;
    await projection.reset(tx);
    await saveCheckpoint(tx, projection.name, { position: START, batches: Number(row?.batches ?? 0) }, projection.version);
  });
}
