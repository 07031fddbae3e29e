/** The dimensions of a view that every link on a page carries along. */
export interface LinkedView {
  asOf: string;
  knownAt?: string;
  teamId?: string;
}

/** `?a=1&b=2` from the set values, in a fixed order; empty when none is set. */
export function queryString(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return set.length ? `?${new URLSearchParams(set).toString()}` : '';
}

/** Every page's links, each keeping the view (its dates and team), for the templates (`hrefs`). */
export function pageLinks(view: LinkedView) {
  const keep = (extra: Record<string, string | undefined> = {}) => queryString({ ...view, ...extra });
  return {
    overview: () => `/dashboard/overview${keep()}`,
    flags: () => `/dashboard/flags${keep()}`,
    teams: () => `/dashboard/teams${keep({ teamId: undefined })}`,
    trends: () => `/dashboard/trends${keep()}`,
    team: (teamId: string) => `/dashboard/overview${keep({ teamId })}`,
    teamWeek: (teamId: string) => `/dashboard/team${keep({ teamId })}`,
    teamRow: (r: { teamId: string }) => `/dashboard/overview${keep({ teamId: r.teamId })}`,
    ruleRow: (r: { rule: string }) => `/dashboard/flags${keep({ rule: r.rule })}`,
    worker: (id: string) => `/dashboard/workers/${encodeURIComponent(id)}${keep()}`,
    child: (id: string) => `/dashboard/children/${encodeURIComponent(id)}${keep()}`,
  };
}
