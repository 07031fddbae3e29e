import { addDays, addMonths, type IsoDate } from '../dates.js';
import { RULES } from './catalogue.js';
import type { Assessment, RuleId } from './flag.js';

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
  const kept = filter.teamId === undefined ? assessments : assessments.filter((a) => a.teamId === filter.teamId);
  const overall = new Tally();
  const byRule = new Map<RuleId, Tally>(RULES.map((r) => [r.rule, new Tally()]));
  const byTeam = new Map<string, Tally>();
  for (const a of kept) {
    overall.add(a);
    byRule.get(a.rule)?.add(a);
    if (a.teamId === undefined) continue;
    let team = byTeam.get(a.teamId);
    if (!team) byTeam.set(a.teamId, (team = new Tally()));
    team.add(a);
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

  add(a: Assessment): void {
    this.inScope++;
    if (a.flag?.severity === 'red') this.red++;
    else if (a.flag) this.amber++;
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
