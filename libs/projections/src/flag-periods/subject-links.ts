import { linkedSubjects, subjectKey, type SubjectTimeline } from '@app/domain';
import type { EntityManager } from 'typeorm';
import { SubjectLinkEntity } from './flag-period.entities.js';

/**
 * Which subjects name which (subject_links), read once per subject and kept: links only
 * come (a new allocation, a new team) until an erasure, which drops the cache. Saving a
 * timeline's links writes only those not yet stored, so a batch costs no query for what
 * it already knows. Like every in-memory state of a projection it may run ahead of a
 * failed transaction: `clear` on invalidate.
 */
export class SubjectLinks {
  /** For a subject key: the keys of the subjects whose facts name it. */
  private readonly naming = new Map<string, Set<string>>();

  async linkingTo(key: string, tx: EntityManager): Promise<string[]> {
    return [...(await this.namingOf(key, tx))];
  }

  /** The keys a subject's facts name, as stored (for an erasure, whose timeline is already gone). */
  async linkedFrom(key: string, tx: EntityManager): Promise<string[]> {
    const rows = await tx.find(SubjectLinkEntity, { where: { subjectKey: key } });
    return rows.map((r) => r.linkedKey);
  }

  /** Stores the links of a timeline's facts that are not stored yet. */
  async save(timeline: SubjectTimeline, tx: EntityManager): Promise<void> {
    const key = subjectKey(timeline);
    const rows: { subjectKey: string; linkedKey: string }[] = [];
    for (const linked of linkedSubjects(timeline).map(subjectKey)) {
      const naming = await this.namingOf(linked, tx);
      if (naming.has(key)) continue;
      naming.add(key);
      rows.push({ subjectKey: key, linkedKey: linked });
    }
    if (rows.length > 0) await tx.createQueryBuilder().insert().into(SubjectLinkEntity).values(rows).orIgnore().execute();
  }

  /** Removes every link to or from a subject (an erasure). */
  async remove(key: string, tx: EntityManager): Promise<void> {
    await tx.createQueryBuilder().delete().from(SubjectLinkEntity).where('subject_key = :key OR linked_key = :key', { key }).execute();
    this.clear();
  }

  clear(): void {
    this.naming.clear();
  }

  private async namingOf(key: string, tx: EntityManager): Promise<Set<string>> {
    let naming = this.naming.get(key);
    if (!naming) {
      const rows = await tx.find(SubjectLinkEntity, { where: { linkedKey: key } });
      naming = new Set(rows.map((r) => r.subjectKey));
      this.naming.set(key, naming);
    }
    return naming;
  }
}
