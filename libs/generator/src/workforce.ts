import type { Random } from './random.js';
import { adviserLeft } from './care-leavers.js';
import { handOver, takeShareOfCases } from './cases.js';
import type { Role, Sim, Team, Worker } from './sim.js';
import { startSupervision } from './supervision.js';

const TEAMS_AT_SCALE_1 = 10;
/** Personal advisers in the leaving care team: about 25–30 young people each (looked after from 16, care leavers to 21). */
const ADVISERS_AT_SCALE_1 = 12;
/** About 122 FTE: 2,000 open cases at ~16.5 per FTE, as in the inspected LA. */
const CASE_HOLDERS_AT_SCALE_1 = 130;
/** Leavings a year: permanent staff stay years, agency staff months, least in pressured teams (the churn inspectors saw). */
const LEAVING_RATE = { permanent: 0.15, agency: 0.6, pressuredAgency: 1.2 };
const TEAM_CHANGE_RATE = 0.04;
/** A team never drops below this many case holders: a leaving waits for a replacement. */
const MIN_TEAM = 3;

type Profile = Pick<Worker, 'role' | 'agency' | 'fte' | 'capacity'>;

/** The teams and their staff on the first day, with joining dates in the past. */
export function hireInitialWorkforce(sim: Sim): void {
  const teamCount = Math.max(1, Math.round(TEAMS_AT_SCALE_1 * sim.scale));
  const pressured = Math.max(1, Math.round(teamCount * 0.15));
  const sizes = teamSizes(sim.random, teamCount, Math.max(MIN_TEAM, Math.round(CASE_HOLDERS_AT_SCALE_1 * sim.scale)));
  for (let i = 0; i < teamCount; i++) {
    // The last team is the lax one, so a single-team slice is pressured and lax at once.
    const team = openTeam(sim, `T-${String(i + 1).padStart(2, '0')}`, i < pressured, i === teamCount - 1);
    for (let n = 0; n < sizes[i]; n++) {
      const profile = caseHolderProfile(sim.random, team, false);
      hire(sim, team, initialJoiningDay(sim, profile), profile);
    }
  }
  hireAdvisers(sim);
}

/**
 * The leaving care team's personal advisers (not case holders, not in `teams`): the
 * longest-serving joined years ago, so care leavers of the initial population had one.
 */
function hireAdvisers(sim: Sim): void {
  const team = openTeam(sim, 'T-LC', false, false, false);
  const count = Math.max(2, Math.round(ADVISERS_AT_SCALE_1 * sim.scale));
  for (let n = 0; n < count; n++) {
    const daysAgo = n === 0 ? sim.random.int(2200, 3600) : 30 + Math.min(5000, Math.floor(sim.random.exponential(900)));
    hireAdviser(sim, team, sim.calendar.workdayOnOrBefore(-daysAgo));
  }
}

/** Advisers are permanent staff: they leave at that rate, and are replaced. */
function hireAdviser(sim: Sim, team: Team, day: number): void {
  const adviser = join(sim, team, day, { role: 'personal_adviser', agency: false, fte: 1, capacity: 0 });
  sim.advisers.push(adviser);
  sim.schedule(Math.max(day, 0) + Math.ceil(sim.random.exponential(365 / LEAVING_RATE.permanent)), (d) => adviserLeaves(sim, adviser, d));
}

/** A leaving adviser's young people are handed to colleagues (care-leavers.ts), and the post filled weeks later. */
function adviserLeaves(sim: Sim, adviser: Worker, day: number): void {
  sim.record(day, { type: 'WorkerLeft', occurredAt: sim.calendar.date(day), data: { workerId: adviser.id } });
  adviser.active = false;
  sim.advisers.splice(sim.advisers.indexOf(adviser), 1);
  adviserLeft(sim, adviser, day);
  sim.schedule(day + sim.random.int(20, 60), (d) => hireAdviser(sim, adviser.team, d));
}

/** Even team sizes, then a few people moved between teams so they differ, within 8–14 where the scale allows. */
function teamSizes(random: Random, teams: number, holders: number): number[] {
  const sizes = Array.from({ length: teams }, (_, i) => Math.floor(holders / teams) + (i < holders % teams ? 1 : 0));
  for (let i = 0; i < teams; i++) {
    const j = random.int(0, teams - 1);
    if (sizes[i] > 8 && sizes[j] < 14) {
      sizes[i]--;
      sizes[j]++;
    }
  }
  return sizes;
}

/**
 * A team and its manager. A team that holds cases (not the leaving care team) also
 * had a manager before: they managed it for many years and left the day before the
 * current one joined, so older decisions in the initial population's past were theirs to oversee.
 */
function openTeam(sim: Sim, id: string, pressured: boolean, lax: boolean, holdsCases = true): Team {
  // The manager needs the team and the team its manager: the placeholder lives for one line.
  const team: Team = { id, manager: undefined as unknown as Worker, members: [], capacity: 0, pressured, lax };
  const managerJoined = sim.calendar.workdayOnOrBefore(-sim.random.int(365, 3650));
  const manager = { role: 'team_manager', agency: false, fte: 1, capacity: 0 } as const;
  if (holdsCases) {
    team.previousManager = join(sim, team, sim.calendar.workdayOnOrBefore(managerJoined - sim.random.int(7000, 9000)), manager);
    const left = sim.calendar.workdayOnOrBefore(managerJoined - 1);
    sim.record(left, { type: 'WorkerLeft', occurredAt: sim.calendar.date(left), data: { workerId: team.previousManager.id } });
    team.previousManager.active = false;
  }
  team.manager = join(sim, team, managerJoined, manager);
  if (holdsCases) sim.teams.push(team);
  return team;
}

/**
 * Role, contract and hours of a case holder: about 15% agency (more in pressured
 * teams, always full time), about 15% newly qualified (more among new starters,
 * with a protected caseload), a fifth of the permanent staff part time.
 */
function caseHolderProfile(random: Random, team: Team, newStarter: boolean): Profile {
  if (random.chance(team.pressured ? 0.35 : 0.1)) {
    return { role: random.chance(0.3) ? 'senior_practitioner' : 'social_worker', agency: true, fte: 1, capacity: 1 };
  }
  const nq = newStarter ? 0.25 : 0.17;
  const role = random.weighted<Role>([
    ['newly_qualified', nq],
    ['senior_practitioner', 0.2],
    ['social_worker', 0.8 - nq],
  ]);
  if (role === 'newly_qualified') return { role, agency: false, fte: 1, capacity: 0.85 };
  const fte = random.chance(0.2) ? random.pick([0.5, 0.6, 0.7, 0.8]) : 1;
  // One in fifteen is given more than their share: the individual CASELOAD_HIGH flags.
  return { role, agency: false, fte, capacity: fte * (random.chance(0.07) ? 1.5 : 1) };
}

/** When someone in post on the first day joined: newly qualified within the year, agency within months, others years ago. */
function initialJoiningDay(sim: Sim, profile: Profile): number {
  const r = sim.random;
  const daysAgo = profile.role === 'newly_qualified' ? r.int(5, 300) : profile.agency ? r.int(5, 500) : 30 + Math.min(6000, Math.floor(r.exponential(900)));
  return sim.calendar.workdayOnOrBefore(-daysAgo);
}

function join(sim: Sim, team: Team, day: number, profile: Profile): Worker {
  const drifting = profile.role !== 'team_manager' && profile.role !== 'personal_adviser' && sim.random.chance(team.lax ? 0.6 : 0.07);
  const worker: Worker = { id: sim.nextWorkerId(), team, ...profile, joinedDay: day, active: true, cases: [], drifting };
  sim.record(day, {
    type: 'WorkerJoined',
    occurredAt: sim.calendar.date(day),
    data: { workerId: worker.id, teamId: team.id, role: worker.role, caseHolding: worker.role !== 'team_manager' && worker.role !== 'personal_adviser', agency: worker.agency, fte: worker.fte },
  });
  return worker;
}

function hire(sim: Sim, team: Team, day: number, profile: Profile): Worker {
  const worker = join(sim, team, day, profile);
  attach(worker, team);
  scheduleTurnover(sim, worker, Math.max(day, 0));
  startSupervision(sim, worker);
  return worker;
}

/** A new starter fills a vacancy and takes over part of the team's cases straight away. */
function replace(sim: Sim, team: Team, day: number): void {
  const worker = hire(sim, team, day, caseHolderProfile(sim.random, team, true));
  takeShareOfCases(sim, worker, day);
}

/** Leavings and team moves are memoryless: waiting times drawn once, at joining (or at the start for the initial staff). */
function scheduleTurnover(sim: Sim, worker: Worker, from: number): void {
  const rate = !worker.agency ? LEAVING_RATE.permanent : worker.team.pressured ? LEAVING_RATE.pressuredAgency : LEAVING_RATE.agency;
  const leaveIn = sim.random.exponential(365 / rate);
  const moveIn = worker.agency ? Infinity : sim.random.exponential(365 / TEAM_CHANGE_RATE);
  if (moveIn < leaveIn) sim.schedule(from + Math.ceil(moveIn), (d) => changeTeam(sim, worker, d));
  sim.schedule(from + Math.ceil(leaveIn), (d) => leave(sim, worker, d));
}

function leave(sim: Sim, worker: Worker, day: number): void {
  if (!worker.active) return;
  const team = worker.team;
  if (team.members.length <= MIN_TEAM) return sim.schedule(day + 30, (d) => leave(sim, worker, d));
  sim.record(day, { type: 'WorkerLeft', occurredAt: sim.calendar.date(day), data: { workerId: worker.id } });
  worker.active = false;
  detach(worker);
  handOver(sim, worker, day);
  sim.schedule(day + sim.random.int(10, 60), (d) => replace(sim, team, d));
}

/** A permanent worker moves to the smallest other team, handing their cases to their old colleagues. */
function changeTeam(sim: Sim, worker: Worker, day: number): void {
  const from = worker.team;
  const others = sim.teams.filter((t) => t !== from);
  if (!worker.active || others.length === 0 || from.members.length <= MIN_TEAM) return;
  const to = others.reduce((a, b) => (b.members.length < a.members.length ? b : a));
  sim.record(day, { type: 'WorkerChangedTeam', occurredAt: sim.calendar.date(day), data: { workerId: worker.id, teamId: to.id } });
  detach(worker);
  handOver(sim, worker, day);
  attach(worker, to);
  sim.schedule(day + sim.random.int(10, 60), (d) => replace(sim, from, d));
}

function attach(worker: Worker, team: Team): void {
  worker.team = team;
  team.members.push(worker);
  team.capacity += worker.capacity;
}

function detach(worker: Worker): void {
  const team = worker.team;
  team.members.splice(team.members.indexOf(worker), 1);
  team.capacity -= worker.capacity;
}
