import type { IsoDate } from '@app/domain';

/** One team on a view: what needs action, what falls due next, and each worker's caseload and supervision. */
export class GetTeamQuery {
  constructor(readonly view: { teamId: string; asOf?: IsoDate; knownAt?: IsoDate }) {}
}
