import { addDays, addMonths, type IsoDate } from '../dates.js';
import { RULES } from './catalogue.js';
import type { Assessment, RuleId, Severity } from './flag.js';

/** How many subjects a rule (or rules) had in scope, how many were flagged and how badly, and the share not flagged. */
export interface Compliance {
  inScope: number;
  flagged: number;
  red: number;
  amber: number;
  /** (inScope - flagged) / inScope, unrounded; null when nothing was in scope. */
  complianceRate: number | null;
}

export interface RuleCompliance extends Compliance {
  rule: RuleId;
  subject: 'worker' | 'child' | 'team';
  finding: string;
}

export interface TeamCompliance extends Compliance {
  teamId: string;
}

export interface ComplianceSummary {
  overall: Compliance;
  /** Every rule, in the catalogue's order, in scope or not. */
  rules: RuleCompliance[];
  /** Every team with a subject in scope, by teamId. */
  teams: TeamCompliance[];
}

/**
 * The dashboard's figures from one evaluation: overall, per rule and per team. A
 * `teamId` filter keeps the assessments of that team only (as GET /flags filters
 * flags), so the flagged counts are the flags listed for the same query. Subjects
 * with no team count overall and under their rule, in no team.
 */
export function summarise(assessments: Assessment[], filter: { teamId?: string } = {}): ComplianceSummary {
  return summariseCounts(
    assessments.map((a) => ({ rule: a.rule, teamId: a.teamId, severity: a.flag?.severity, count: 1 })),
    filter,
  );
}

/** How many assessments of one rule, in one team (or none), had one severity (or no flag): a row of a read model's count. */
export interface AssessmentCount {
  rule: RuleId;
  teamId?: string | null;
  severity?: Severity | null;
  count: number;
}

/**
 * The same figures as `summarise`, from counts of the assessments rather than the
 * assessments (a read model counts them in SQL): the counts of one evaluation give
 * exactly what `summarise` gives for its assessments.
 */
export function summariseCounts(counts: Iterable<AssessmentCount>, filter: { teamId?: string } = {}): ComplianceSummary {
  const overall = new Tally();
  const byRule = new Map<RuleId, Tally>(RULES.map((r) => [r.rule, new Tally()]));
  const byTeam = new Map<string, Tally>();
  for (const c of counts) {
    const teamId = c.teamId ?? undefined;
    if (filter.teamId !== undefined && teamId !== filter.teamId) continue;
    overall.add(c);
    byRule.get(c.rule)?.add(c);
    if (teamId === undefined) continue;
    let team = byTeam.get(teamId);
    if (!team) byTeam.set(teamId, (team = new Tally()));
    team.add(c);
  }
  return {
    overall: overall.compliance(),
    rules: RULES.map((r) => ({ rule: r.rule, subject: r.subject, finding: r.finding, ...byRule.get(r.rule)!.compliance() })),
    teams: [...byTeam.keys()].sort().map((teamId) => ({ teamId, ...byTeam.get(teamId)!.compliance() })),
  };
}

class Tally {
  private inScope = 0;
  private red = 0;
  private amber = 0;

  add({ severity, count }: Pick<AssessmentCount, 'severity' | 'count'>): void {
    this.inScope += count;
    if (severity === 'red') this.red += count;
    else if (severity) this.amber += count;
  }

  compliance(): Compliance {
    const flagged = this.red + this.amber;
    return { inScope: this.inScope, flagged, red: this.red, amber: this.amber, complianceRate: this.inScope === 0 ? null : (this.inScope - flagged) / this.inScope };
  }
}

/**
 * The dates of a trailing 12-month series ending on `asOf`, oldest first: the last
 * day of each of the 11 months before asOf's month, then asOf itself.
 */
export function seriesDates(asOf: IsoDate): IsoDate[] {
  const firstOfMonth = `${asOf.slice(0, 7)}-01`;
  const monthEnds = Array.from({ length: 11 }, (_, i) => addDays(addMonths(firstOfMonth, i - 10), -1));
  return [...monthEnds, asOf];
}
