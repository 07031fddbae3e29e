import { calendarDateFor, type IsoDate } from '@app/domain';
import { z } from 'zod';
import { ref } from '../flags/get-flags.query.js';

/** Query parameters of GET /dashboard; unknown parameters are refused rather than ignored. */
export const DashboardQuery = z.strictObject({
  asOf: calendarDateFor('Compliance as of this date, and the 12-month series ending on it (default: today in England)').optional(),
  knownAt: calendarDateFor('Only events recorded by the end of this date, not after today (the series too)').optional(),
  teamId: ref.optional().describe("One team's subjects only (a team-bound manager: always their own)"),
});

export type DashboardQuery = z.infer<typeof DashboardQuery>;

/** The compliance summary for a view, with the trailing 12-month series when `includeSeries` (a page's overview skips it). */
export class GetDashboardQuery {
  readonly asOf?: IsoDate;
  readonly knownAt?: IsoDate;
  readonly teamId?: string;
  readonly includeSeries: boolean;

  constructor(fields: { asOf?: IsoDate; knownAt?: IsoDate; teamId?: string; includeSeries: boolean }) {
    this.asOf = fields.asOf;
    this.knownAt = fields.knownAt;
    this.teamId = fields.teamId;
    this.includeSeries = fields.includeSeries;
  }
}
