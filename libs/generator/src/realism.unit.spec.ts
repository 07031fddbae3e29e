import { describe, expect, it } from '@jest/globals';
import { addDays as addDaysOf, DEFAULT_POLICY, evaluate, londonDate, RULE_IDS, workingDaysBetween, type Assessment, type RecordEventRequest, type RuleId } from '@app/domain';
import { generateHistory } from './index.js';
import { replay } from './testing/replay.js';

/** A quarter of a mid-size LA over a year: about 32 case holders in 3 teams, about 500 open cases. */
const options = { seed: 6, start: '2025-01-01', end: '2025-12-31', scale: 0.25 };
const events = [...generateHistory(options)];
const requests = events.map((e) => e.request);
const { timelines, refusals } = replay(events);
const assessments = evaluate(timelines, DEFAULT_POLICY, { asOf: options.end });
/** The year's quarter ends: a rule "fires in the year" when it flags someone on one of them. */
const QUARTER_ENDS = ['2025-03-31', '2025-06-30', '2025-09-30'];

type Request<T extends RecordEventRequest['type']> = Extract<RecordEventRequest, { type: T }>;
const ofType = <T extends RecordEventRequest['type']>(type: T) => requests.filter((r): r is Request<T> => r.type === type);
const countOf = (type: RecordEventRequest['type']) => ofType(type).length;
/** Events of a type that happened in the year (not the initial population's past). */
const inYear = <T extends RecordEventRequest['type']>(type: T) => ofType(type).filter((r) => r.occurredAt >= options.start);
const assessed = (rule: RuleId) => assessments.filter((a: Assessment) => a.rule === rule);
const flagged = (rule: RuleId) => assessed(rule).filter((a) => a.flag);
const share = (part: number, whole: number) => part / whole;

/** Asserts min ≤ value ≤ max, naming the measure when it fails. */
function expectWithin(measure: string, value: number, min: number, max: number): void {
  expect({ [measure]: value >= min && value <= max ? 'in range' : value }).toEqual({ [measure]: 'in range' });
}

/** Who holds each case at the end (undefined once closed), the staff in post, and who is on a plan or looked after. */
function endState() {
  const holder = new Map<string, string | undefined>();
  const inPost = new Map<string, Request<'WorkerJoined'>['data']>();
  const onPlan = new Set<string>();
  const lookedAfter = new Set<string>();
  for (const r of requests) {
    if (r.type === 'CaseAllocated') holder.set(r.data.childId, r.data.workerId);
    if (r.type === 'CaseClosed') holder.set(r.data.childId, undefined);
    if (r.type === 'WorkerJoined') inPost.set(r.data.workerId, r.data);
    if (r.type === 'WorkerLeft') inPost.delete(r.data.workerId);
    if (r.type === 'ChildProtectionPlanStarted') onPlan.add(r.data.childId);
    if (r.type === 'ChildProtectionPlanEnded') onPlan.delete(r.data.childId);
    if (r.type === 'BecameLookedAfter') lookedAfter.add(r.data.childId);
    if (r.type === 'CeasedLookedAfter') lookedAfter.delete(r.data.childId);
  }
  const open = [...holder.values()].filter((w): w is string => w !== undefined);
  const caseHolders = [...inPost.values()].filter((w) => w.caseHolding);
  return { open, caseHolders, inPost, onPlan, lookedAfter };
}

describe('a year at scale 0.25', () => {
  const { open, caseHolders, inPost, onPlan, lookedAfter } = endState();

  it('is accepted by the domain', () => {
    expect(refusals).toEqual([]);
  });

  it('ends with about 500 open cases held by about 32 case-holding workers in 3 teams', () => {
    expect(open.length).toBeGreaterThan(400);
    expect(open.length).toBeLessThan(600);
    expect(caseHolders.length).toBeGreaterThanOrEqual(26);
    expect(caseHolders.length).toBeLessThanOrEqual(40);
    expect(new Set(caseHolders.map((w) => w.teamId)).size).toBe(3);
  });

  it('has about a quarter of open cases looked after and a fifth on child protection plans', () => {
    // Scale 1: 520–560 looked after and about 450 on plans among about 2,000 open cases.
    expectWithin('looked after', share(lookedAfter.size, open.length), 0.22, 0.32);
    expectWithin('on a plan', share(onPlan.size, open.length), 0.15, 0.26);
  });

  it("has plausible volumes of each event type (the initial population's past included)", () => {
    // Measured with seed 6; bounds about ±30%.
    const expected: [RecordEventRequest['type'], number, number][] = [
      ['ChildRegistered', 900, 1600], // ~500 open and ~50 care leavers at the start, ~700 new children
      ['ReferralReceived', 1100, 1900], // ~1,000 in the year, a fifth of them repeats
      ['StrategyDiscussionHeld', 420, 800], // about 1 in 3 referrals
      ['AssessmentStarted', 950, 1700],
      ['AssessmentCompleted', 850, 1600],
      ['CaseAllocated', 1200, 2300],
      ['CaseClosed', 550, 1050],
      ['ChildVisited', 5400, 10000], // on plans every 2–3 weeks, in care every 6 weeks, others about monthly
      ['ChildProtectionPlanStarted', 200, 380],
      ['ChildProtectionConferenceHeld', 500, 950],
      ['ChildProtectionPlanEnded', 130, 250],
      ['PlanReviewed', 1800, 3400],
      ['BecameLookedAfter', 170, 320], // ~55 entries to care in the year
      ['CeasedLookedAfter', 65, 130],
      ['PlacementStarted', 240, 460],
      ['PlacementEnded', 140, 270],
      ['LookedAfterReviewHeld', 500, 950],
      ['HealthAssessmentCompleted', 370, 700],
      ['DentalCheckCompleted', 240, 460],
      ['PersonalAdviserAllocated', 70, 130],
      ['PrivateFosteringNotified', 3, 20],
      ['PrivateFosteringChecksCompleted', 2, 20],
      ['ManagementOversightRecorded', 3000, 5700], // about one per decision point
      ['PloStageEntered', 60, 170],
      ['PloStageExited', 50, 140],
      ['SupervisionHeld', 350, 700], // monthly for ~32 workers, weekly or fortnightly for the newly qualified
      ['WorkerJoined', 38, 65], // ~35 in post at the start (managers, their predecessors, advisers), replacements
      ['WorkerLeft', 4, 20],
      ['EventVoided', 40, 160], // ~0.5% of practice records and 1% of supervisions, corrected
    ];
    for (const [type, min, max] of expected) {
      expectWithin(type, countOf(type), min, max);
    }
  });

  it('has a realistic workforce: newly qualified, agency and part-time staff among permanent ones', () => {
    const holders = ofType('WorkerJoined').filter((w) => w.data.caseHolding);
    expectWithin('newly qualified', share(holders.filter((w) => w.data.role === 'newly_qualified').length, holders.length), 0.05, 0.3);
    expectWithin('agency', share(holders.filter((w) => w.data.agency).length, holders.length), 0.05, 0.35);
    expect(holders.some((w) => w.data.fte < 1 && !w.data.agency)).toBe(true);
    expect(holders.filter((w) => w.data.agency).every((w) => w.data.fte === 1)).toBe(true);
  });

  it('registers children aged 0 to 17, about 8% disabled', () => {
    const children = ofType('ChildRegistered');
    const ages = children.map((c) => Number(c.occurredAt.slice(0, 4)) - Number(c.data.birthMonth.slice(0, 4)));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(18); // a birthday later in the year: still 17
    expectWithin('disabled', share(children.filter((c) => c.data.disabled).length, children.length), 0.04, 0.13);
  });

  it('logs some supervisions and practice records late, out of order', () => {
    const lateShare = (type: RecordEventRequest['type']) => {
      const logged = events.filter((e) => e.request.type === type && e.request.occurredAt >= options.start);
      return share(logged.filter((e) => londonDate(e.request.occurredAt) < londonDate(e.recordedAt)).length, logged.length);
    };
    expectWithin('supervisions logged late', lateShare('SupervisionHeld'), 0.1, 0.4);
    expectWithin('visits logged late', lateShare('ChildVisited'), 0.1, 0.4);
    expectWithin('oversight logged late', lateShare('ManagementOversightRecorded'), 0.1, 0.4);
  });

  it('refers about a third of referrals to a strategy discussion, about a fifth of them repeats within 12 months', () => {
    const referrals = inYear('ReferralReceived');
    expectWithin('strategy discussions per referral', share(inYear('StrategyDiscussionHeld').length, referrals.length), 0.28, 0.5);
    const last = new Map<string, string>();
    let repeats = 0;
    for (const r of [...ofType('ReferralReceived')].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))) {
      const previous = last.get(r.data.childId);
      const yearBefore = `${Number(r.occurredAt.slice(0, 4)) - 1}${r.occurredAt.slice(4, 10)}`;
      if (r.occurredAt >= options.start && previous && previous > yearBefore) repeats++;
      last.set(r.data.childId, r.occurredAt);
    }
    expectWithin('repeat referrals', share(repeats, referrals.length), 0.15, 0.3);
    expect(referrals.every((r) => r.data.concerns.length >= 1)).toBe(true);
  });

  it('assesses most children within 45 working days, disabled children late more often', () => {
    const started = new Map(ofType('AssessmentStarted').map((a) => [a.data.assessmentId, a]));
    const lateShare = (kind: string) => {
      const done = inYear('AssessmentCompleted').filter((c) => started.get(c.data.assessmentId)?.data.kind === kind);
      const late = done.filter((c) => workingDaysBetween(londonDate(started.get(c.data.assessmentId)?.occurredAt ?? ''), c.occurredAt) > 45);
      return share(late.length, done.length);
    };
    expectWithin('child and family late', lateShare('child_and_family'), 0.02, 0.2);
    expectWithin('disabled children late', lateShare('disabled_children'), lateShare('child_and_family') + 0.05, 0.7);
    expect(inYear('AssessmentStarted').some((a) => a.data.kind === 'section_47')).toBe(true);
  });

  it('puts children on plans mostly for neglect, with review conferences', () => {
    const plans = inYear('ChildProtectionPlanStarted');
    expectWithin('neglect', share(plans.filter((p) => p.data.category === 'neglect').length, plans.length), 0.35, 0.55);
    expect(inYear('ChildProtectionConferenceHeld').filter((c) => c.data.kind === 'review').length).toBeGreaterThan(plans.length / 2);
    expectWithin('reviews with a contingency plan', share(inYear('PlanReviewed').filter((p) => p.data.contingencyPlanRecorded).length, inYear('PlanReviewed').length), 0.8, 0.97);
  });

  it('places looked-after children mostly in foster care; a few unregistered placements, mostly of 16–17 year olds', () => {
    const placements = inYear('PlacementStarted');
    const born = new Map(ofType('ChildRegistered').map((c) => [c.data.childId, c.data.birthMonth]));
    const unregistered = placements.filter((p) => !p.data.registered);
    const olderTeen = (p: Request<'PlacementStarted'>) => Number(p.occurredAt.slice(0, 4)) - Number(born.get(p.data.childId)?.slice(0, 4)) >= 16;
    expectWithin('foster', share(placements.filter((p) => p.data.kind === 'foster').length, placements.length), 0.45, 0.8);
    expectWithin('unregistered', share(unregistered.length, placements.length), 0.005, 0.1);
    expectWithin('unregistered aged 16+', share(unregistered.filter(olderTeen).length, unregistered.length), 0.5, 1);
    expectWithin('not meeting needs', share(placements.filter((p) => !p.data.meetsAssessedNeeds).length, placements.length), 0.02, 0.15);
    expect(placements.some((p) => p.data.intendedUntil18)).toBe(true);
    expect(new Set(inYear('BecameLookedAfter').map((b) => b.data.legalStatus)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives care leavers pathway plans and personal advisers who are personal advisers', () => {
    expect(inYear('PlanReviewed').filter((p) => p.data.plan === 'pathway').length).toBeGreaterThan(50);
    const roles = new Map(ofType('WorkerJoined').map((w) => [w.data.workerId, w.data]));
    expect(ofType('PersonalAdviserAllocated').every((a) => roles.get(a.data.workerId)?.role === 'personal_adviser')).toBe(true);
    const advisers = [...inPost.values()].filter((w) => w.role === 'personal_adviser');
    expectWithin('advisers in post', advisers.length, 2, 6);
    expect(advisers.every((w) => !w.caseHolding)).toBe(true);
  });

  it('signs off most decision points within 5 working days, by team managers', () => {
    const roles = new Map(ofType('WorkerJoined').map((w) => [w.data.workerId, w.data.role]));
    const oversight = inYear('ManagementOversightRecorded');
    expect(oversight.every((o) => roles.get(o.data.managerId) === 'team_manager')).toBe(true);
    const points = ['CaseAllocated', 'AssessmentCompleted', 'PloStageEntered', 'PlacementStarted', 'CaseClosed', 'ChildProtectionPlanStarted'] as const;
    const decisions = points.reduce((sum, type) => sum + inYear(type).length, 0);
    expectWithin('decisions signed off', share(oversight.length, decisions), 0.85, 1);
  });

  it('voids a few records of several kinds, in their own stream', () => {
    const byId = new Map(events.map((e) => [e.request.eventId, e.request]));
    const voided = ofType('EventVoided').map((v) => byId.get(v.data.eventId)?.type);
    expect(new Set(voided).size).toBeGreaterThanOrEqual(4);
  });

  it('raises at least one flag of every rule in the catalogue during the year', () => {
    const views = [...QUARTER_ENDS.map((asOf) => evaluate(timelines, DEFAULT_POLICY, { asOf })), assessments];
    const fired = new Set(views.flatMap((v) => v.filter((a) => a.flag).map((a) => a.rule)));
    expect(RULE_IDS.filter((rule) => !fired.has(rule))).toEqual([]);
  });

  it('keeps drift the exception: most workers, teams and children are not flagged', () => {
    for (const rule of ['SUPERVISION_OVERDUE', 'SUPERVISION_NOT_REFLECTIVE', 'CASELOAD_HIGH'] as const) {
      expectWithin(rule, share(flagged(rule).length, assessed(rule).length), 0, 0.4);
    }
    expect(flagged('TEAM_CASELOAD_HIGH').length).toBeLessThan(assessed('TEAM_CASELOAD_HIGH').length);
    expect(share(flagged('SOCIAL_WORKER_CHANGES').length, open.length)).toBeLessThan(0.1);
    const ploFlags = flagged('PRE_PROCEEDINGS_OVERDUE').length + flagged('CARE_PROCEEDINGS_OVERDUE').length;
    expect(share(ploFlags, open.length)).toBeLessThan(0.05);
    // Share of the children each rule assesses that it flags (small populations get more room).
    const limits: [RuleId, number][] = [
      ['NEGLECT_ESCALATION_DELAY', 0.2],
      ['CP_VISIT_OVERDUE', 0.15],
      ['CP_REVIEW_OVERDUE', 0.15],
      ['ASSESSMENT_OVERDUE', 0.25],
      ['LOOKED_AFTER_VISIT_OVERDUE', 0.1],
      ['LOOKED_AFTER_REVIEW_OVERDUE', 0.1],
      ['HEALTH_ASSESSMENT_OVERDUE', 0.1],
      ['DENTAL_CHECK_OVERDUE', 0.1],
      ['SDQ_OVERDUE', 0.3],
      ['UNREGISTERED_PLACEMENT', 0.06],
      ['PLACEMENT_NOT_MEETING_NEEDS', 0.12],
      ['PLACEMENT_INSTABILITY', 0.12],
      ['PLAN_WITHOUT_CONTINGENCY', 0.2],
      ['STRATEGY_WITHOUT_SAFETY_PLAN', 0.15],
      ['REPEAT_REFERRAL', 0.25],
      ['PATHWAY_PLAN_REVIEW_OVERDUE', 0.2],
      ['NO_PERSONAL_ADVISER', 0.3],
      ['PRIVATE_FOSTERING_OVERDUE', 0.5],
      ['OVERSIGHT_MISSING', 0.15],
    ];
    for (const [rule, max] of limits) {
      expect(assessed(rule).length).toBeGreaterThan(0);
      expectWithin(rule, share(flagged(rule).length, assessed(rule).length), 0, max);
    }
  });

  it('records missing episodes of teenagers in care, most followed by a return interview within 72 hours', () => {
    const missing = inYear('ChildWentMissing');
    expectWithin('missing episodes in the year', missing.length, 25, 150);
    const lookedAfter = new Set(inYear('BecameLookedAfter').map((r) => r.data.childId));
    for (const r of ofType('BecameLookedAfter')) lookedAfter.add(r.data.childId);
    expect(missing.filter((r) => !lookedAfter.has(r.data.childId))).toEqual([]);
    const returned = new Map(ofType('ChildReturned').map((r) => [r.data.episodeId, r.occurredAt]));
    const offered = new Map(ofType('ReturnInterviewOffered').map((r) => [r.data.episodeId, r.occurredAt]));
    const missingReturned = missing.filter((r) => r.data.kind === 'missing' && returned.has(r.data.episodeId));
    const onTime = missingReturned.filter((r) => {
      const offer = offered.get(r.data.episodeId);
      return offer !== undefined && londonDate(offer) <= addDaysOf(londonDate(returned.get(r.data.episodeId)!), 3);
    });
    expectWithin('return interviews offered within 72 hours', share(onTime.length, missingReturned.length), 0.7, 0.97);
    expect(ofType('ReturnInterviewOffered').filter((r) => missing.find((m) => m.data.episodeId === r.data.episodeId)?.data.kind === 'away')).toEqual([]);
  });

  it('holds most initial conferences within 15 working days, as nationally (about 78%), and none after an enquiry that needed none', () => {
    const views = [...QUARTER_ENDS.map((asOf) => evaluate(timelines, DEFAULT_POLICY, { asOf })), assessments];
    const scoped = views.flatMap((v) => v.filter((a) => a.rule === 'INITIAL_CONFERENCE_OVERDUE'));
    expectWithin('section 47 enquiries waiting past 15 working days', share(scoped.filter((a) => a.flag).length, scoped.length), 0.05, 0.4);
    const outcomes = ofType('AssessmentCompleted').filter((r) => r.data.initialConferenceNeeded !== undefined);
    expectWithin('enquiries needing a conference', share(outcomes.filter((r) => r.data.initialConferenceNeeded).length, outcomes.length), 0.3, 0.7);
  });

  it("records care leavers' contact every few months: most in touch, most of those suitably housed, a few in bed and breakfast", () => {
    const contacts = inYear('CareLeaverContactRecorded');
    const leavers = new Set(contacts.map((r) => r.data.childId));
    expectWithin('contacts a care leaver a year', share(contacts.length, leavers.size), 2, 9);
    const inTouch = contacts.filter((r) => r.data.inTouch === 'yes');
    expectWithin('in touch', share(inTouch.length, contacts.length), 0.8, 0.97);
    const suitable = inTouch.filter((r) => r.data.accommodationSuitable && !['bed_and_breakfast', 'no_fixed_abode'].includes(String(r.data.accommodation)));
    expectWithin('suitably housed', share(suitable.length, inTouch.length), 0.8, 0.97);
    const leftCare = new Set(ofType('CeasedLookedAfter').map((r) => r.data.childId));
    expect([...leavers].filter((c) => !leftCare.has(c))).toEqual([]);
  });

  it('ends emergency legal statuses within days, and records care orders made, as changes of legal status', () => {
    const changes = inYear('LegalStatusChanged');
    expect(changes.map((r) => r.data.legalStatus).filter((s) => !['V2', 'C1', 'C2'].includes(s))).toEqual([]);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('starts child in need plans at their first review and ends each at most once', () => {
    const started = inYear('ChildInNeedPlanStarted');
    const ended = inYear('ChildInNeedPlanEnded');
    expect(started.length).toBeGreaterThan(0);
    expect(ended.length).toBeLessThanOrEqual(started.length);
  });

  it('changes the category of a few child protection plans at their review conferences', () => {
    const changes = inYear('ChildProtectionCategoryChanged');
    expectWithin('category changes per plan started', share(changes.length, ofType('ChildProtectionPlanStarted').length), 0.01, 0.3);
  });

  it('keeps most caseloads between 12 and 20 per FTE', () => {
    const cases = new Map<string, number>();
    for (const w of open) cases.set(w, (cases.get(w) ?? 0) + 1);
    const perFte = caseHolders.map((w) => (cases.get(w.workerId) ?? 0) / w.fte);
    expect(share(perFte.filter((n) => n >= 12 && n <= 20).length, perFte.length)).toBeGreaterThan(0.6);
  });
});
