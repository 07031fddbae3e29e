import { EntitySchema } from 'typeorm';

/**
 * One period of one subject in one rule's scope (flagged or not), over as-of dates
 * [valid_from, valid_to) and over recording dates [known_from, known_to): what was
 * believed between those recording dates about those days. Open ends are null.
 */
export interface FlagPeriodRow {
  id?: string;
  rule: string;
  subjectType: string;
  subjectId: string;
  /** The domain's sortKey (rule|type|id): the order flags are listed and paged in. */
  sortKey: string;
  validFrom: string;
  validTo: string | null;
  knownFrom: string;
  knownTo: string | null;
  teamId: string | null;
  workerId: string | null;
  /** Null while in scope and not flagged. */
  severity: string | null;
  dueSince: string | null;
  /** The period's AssessmentState as JSON (evidence, measures): read back whole. */
  state: string;
}

export const FlagPeriodEntity = new EntitySchema<FlagPeriodRow>({
  name: 'FlagPeriod',
  tableName: 'flag_periods',
  columns: {
    id: { name: 'id', type: 'bigint', primary: true, generated: true },
    rule: { name: 'rule', type: String },
    subjectType: { name: 'subject_type', type: String },
    subjectId: { name: 'subject_id', type: String },
    sortKey: { name: 'sort_key', type: String },
    validFrom: { name: 'valid_from', type: String },
    validTo: { name: 'valid_to', type: String, nullable: true },
    knownFrom: { name: 'known_from', type: String },
    knownTo: { name: 'known_to', type: String, nullable: true },
    teamId: { name: 'team_id', type: String, nullable: true },
    workerId: { name: 'worker_id', type: String, nullable: true },
    severity: { name: 'severity', type: String, nullable: true },
    dueSince: { name: 'due_since', type: String, nullable: true },
    state: { name: 'state', type: 'text' },
  },
});

/** Which subjects a subject's facts name (its allocated worker, its team…): read to find whose flags an event changes. */
export interface SubjectLinkRow {
  subjectKey: string;
  linkedKey: string;
}

export const SubjectLinkEntity = new EntitySchema<SubjectLinkRow>({
  name: 'SubjectLink',
  tableName: 'subject_links',
  columns: {
    subjectKey: { name: 'subject_key', type: String, primary: true },
    linkedKey: { name: 'linked_key', type: String, primary: true },
  },
});
