import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { seriesDates, type Compliance, type ComplianceSummary, type IsoDate, type RuleCompliance, type RuleId, type TeamCompliance } from '@app/domain';
import { Clock, FlagReads, viewAsked } from '@app/composition';
import { GetDashboardQuery } from './get-dashboard.query.js';

/** One month of the trailing series: compliance as of its last day (the last point: as of the date asked about). */
export interface DashboardSeriesPoint {
  /** YYYY-MM */
  month: string;
  asOf: string;
  overall: Compliance;
  /** Each rule's compliance rate (null: nothing in scope). */
  rules: Record<RuleId, number | null>;
}

export interface DashboardAnswer {
  asOf: string;
  knownAt?: string;
  teamId?: string;
  overall: Compliance;
  rules: RuleCompliance[];
  teams: TeamCompliance[];
  series?: DashboardSeriesPoint[];
}

/**
 * The compliance summary: every rule's assessments for the view (the same ones GET
 * /flags lists the flagged of), counted overall, per rule and per team, and, when
 * asked, the same as of the end of each of the 11 months before, as known on the
 * same knownAt: every date counted by one query of the flag read model.
 */
@QueryHandler(GetDashboardQuery)
export class GetDashboardHandler implements IQueryHandler<GetDashboardQuery, DashboardAnswer> {
  constructor(
    private readonly reads: FlagReads,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetDashboardQuery): Promise<DashboardAnswer> {
    const { teamId } = query;
    const { asOf, knownAt } = viewAsked(query, this.clock);
    const dates = query.includeSeries ? seriesDates(asOf) : [asOf];
    const summaries = await this.reads.compliance(dates, knownAt, teamId);
    const summary = summaries.get(asOf)!;
    const answer: DashboardAnswer = { asOf, ...(knownAt ? { knownAt } : {}), ...(teamId ? { teamId } : {}), ...summary };
    if (!query.includeSeries) return answer;
    return { ...answer, series: seriesOf(summaries) };
  }
}

/** Summaries by date as the series' points, in the order of their dates. */
export function seriesOf(summaries: Map<IsoDate, ComplianceSummary>): DashboardSeriesPoint[] {
  return [...summaries].map(([on, point]) => {
    const rules = Object.fromEntries(point.rules.map((r) => [r.rule, r.complianceRate])) as Record<RuleId, number | null>;
    return { month: on.slice(0, 7), asOf: on, overall: point.overall, rules };
  });
}
