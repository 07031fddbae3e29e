import { START, type GlobalPosition } from '@app/event-store';
import type { EntityManager } from 'typeorm';
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

export async function saveCheckpoint(tx: EntityManager, projection: string, checkpoint: Checkpoint): Promise<void> {
  await tx
    .createQueryBuilder()
    .insert()
    .into(CheckpointEntity)
    .values({ projection, position: checkpoint.position.toString(), batches: String(checkpoint.batches), updatedAt: new Date().toISOString() })
    .orUpdate(['position', 'batches', 'updated_at'], ['projection'])
    .execute();
}

/** Creates the projection's checkpoint row at START unless it exists, so there is always a row to lock. */
export async function ensureCheckpoint(tx: EntityManager, projection: string): Promise<void> {
  await tx.createQueryBuilder().insert().into(CheckpointEntity).values({ projection, position: START.toString(), batches: '0', updatedAt: new Date().toISOString() }).orIgnore().execute();
}
