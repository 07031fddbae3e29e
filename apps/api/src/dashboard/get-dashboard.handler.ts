import { BadRequestException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { seriesDates, summarise, todayInLondon, type Compliance, type IsoDate, type RuleCompliance, type RuleId, type TeamCompliance } from '@app/domain';
import { Clock } from '../clock.js';
import { AssessmentsService } from '../flags/assessments.service.js';
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
 * same knownAt. Each date is one cached evaluation.
 */
@QueryHandler(GetDashboardQuery)
export class GetDashboardHandler implements IQueryHandler<GetDashboardQuery, DashboardAnswer> {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly clock: Clock,
  ) {}

  async execute(query: GetDashboardQuery): Promise<DashboardAnswer> {
    const { knownAt, teamId } = query;
    const asOf = query.asOf ?? todayInLondon(this.clock.now());
    if (knownAt && knownAt > todayInLondon(this.clock.now())) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['knownAt: must not be in the future'] });
    }
    const summaryOn = async (on: IsoDate) => summarise(await this.assessments.assessments({ asOf: on, knownAt }), { teamId });
    const summary = await summaryOn(asOf);
    const answer: DashboardAnswer = { asOf, ...(knownAt ? { knownAt } : {}), ...(teamId ? { teamId } : {}), ...summary };
    if (!query.includeSeries) return answer;
    const series: DashboardSeriesPoint[] = [];
    for (const on of seriesDates(asOf)) {
      const point = on === asOf ? summary : await summaryOn(on);
      const rules = Object.fromEntries(point.rules.map((r) => [r.rule, r.complianceRate])) as Record<RuleId, number | null>;
      series.push({ month: on.slice(0, 7), asOf: on, overall: point.overall, rules });
    }
    return { ...answer, series };
  }
}
