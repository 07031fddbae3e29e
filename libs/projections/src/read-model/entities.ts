import { FlagPeriodEntity, SubjectLinkEntity } from '../flag-periods/flag-period.entities.js';
import { EntitySchema } from 'typeorm';

/** One row per worker and child: the subject's timeline of rule-relevant facts, kept in occurredAt order. */
export interface SubjectTimelineRow {
  subjectKey: string; // `worker:W-017`, `child:C-004211`
  subjectType: string;
  subjectId: string;
  facts: string; // JSON array of Fact
  /** The projection batch that last wrote the row (see CheckpointRow.batches): readers load only rows changed since. */
  batch: string;
}

/** Where each projection has got to in the global order, saved in the same transaction as its rows. */
export interface CheckpointRow {
  projection: string;
  position: string; // decimal text: positions are bigints, wider than 64 bits in some stores
  /** Batches applied, ever: it keeps counting through rebuilds, so it only grows. */
  batches: string;
  updatedAt: string;
  /** Projection.version of the rows (null: none saved). */
  version?: string | null;
}

export const SubjectTimelineEntity = new EntitySchema<SubjectTimelineRow>({
  name: 'SubjectTimeline',
  tableName: 'subject_timelines',
  columns: {
    subjectKey: { name: 'subject_key', type: String, primary: true },
    subjectType: { name: 'subject_type', type: String },
    subjectId: { name: 'subject_id', type: String },
    facts: { name: 'facts', type: 'text' },
    batch: { name: 'batch', type: 'bigint' },
  },
});

export const CheckpointEntity = new EntitySchema<CheckpointRow>({
  name: 'Checkpoint',
  tableName: 'projection_checkpoints',
  columns: {
    projection: { name: 'projection', type: String, primary: true },
    position: { name: 'position', type: 'text' },
    batches: { name: 'batches', type: 'bigint' },
    updatedAt: { name: 'updated_at', type: 'text' },
    version: { name: 'version', type: 'text', nullable: true },
  },
});

export const READ_MODEL_ENTITIES = [SubjectTimelineEntity, CheckpointEntity, FlagPeriodEntity, SubjectLinkEntity];
