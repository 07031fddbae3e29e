import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The subject-timeline read model and projection checkpoints. Written to run on SQLite and PostgreSQL alike. */
export class CreateReadModels1763900000000 implements MigrationInterface {
  name = 'CreateReadModels1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE subject_timelines (
      subject_key VARCHAR(80) PRIMARY KEY,
      subject_type VARCHAR(16) NOT NULL,
      subject_id VARCHAR(64) NOT NULL,
      facts TEXT NOT NULL,
      batch BIGINT NOT NULL)`);
    await q.query('CREATE INDEX subject_timelines_batch ON subject_timelines (batch)');
    await q.query(`CREATE TABLE projection_checkpoints (
      projection VARCHAR(80) PRIMARY KEY,
      position TEXT NOT NULL,
      batches BIGINT NOT NULL,
      updated_at TEXT NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_checkpoints');
    await q.query('DROP TABLE subject_timelines');
  }
}
