import { START, type GlobalPosition } from '@app/event-store';
import type { EntityManager } from 'typeorm';
import { CheckpointEntity } from './read-model/entities.js';

export async function loadCheckpoint(tx: EntityManager, projection: string): Promise<GlobalPosition> {
  const row = await tx.findOne(CheckpointEntity, { where: { projection } });
  return row ? BigInt(row.position) : START;
}

export async function saveCheckpoint(tx: EntityManager, projection: string, position: GlobalPosition): Promise<void> {
  await tx
    .createQueryBuilder()
    .insert()
    .into(CheckpointEntity)
    .values({ projection, position: position.toString(), updatedAt: new Date().toISOString() })
    .orUpdate(['position', 'updated_at'], ['projection'])
    .execute();
}

export async function deleteCheckpoint(tx: EntityManager, projection: string): Promise<void> {
  await tx.delete(CheckpointEntity, { projection });
}
