/// <reference lib="dom" />
import { addDays, addMonths, ageBand, EVENT_TYPES, eventKind, londonDate, longDate, RULE_IDS, ruleTitle, type EventKind, type Flag } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkView, launchBrowser, signIn, VIEWPORTS } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END, type GeneratedYearApp } from './support/generated-year.js';
import { apiKeysWith, getOk, TEST_KEYS } from './support/test-app.js';

/**
 * A child's and a worker's pages in a real browser on a generated year (two teams): the
 * child's opens with where they stand (age band, legal status, worker, open flags), the
 * worker's with their role, open cases and supervision, each figure the API's; the
 * timeline narrows to one kind of event with or without JavaScript, keeping every
 * flag's evidence; a team manager sees nothing of another team's; axe clean, no
 * sideways scrolling at a laptop's 1366×768 and a phone's 390×844, and no code, field
 * name or JSON in the words on either page.
 */
const END = YEAR_END;
const TEAM = 'T-01';
const KEYS = { teamManager: 'subject-team-01-key-00000' };

interface ApiEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
  voided?: unknown;
}
interface ApiHistory {
  events: ApiEvent[];
  flags: Flag[];
}

/** With the generated year as loaded (every event stored: none refused). */
let t: GeneratedYearApp;
let browser: Browser;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-subject-pages-e2e-', { scale: 0.2, env: apiKeysWith(`${KEYS.teamManager}:manager:${TEAM}`) });
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const api = (pathAndQuery: string, token: string = TEST_KEYS.manager) => getOk(t, pathAndQuery, token);

/** The words on the page, as a reader sees them, hold no rule code, event type name, camelCase or snake_case field name, nor JSON. */
async function expectOnlyWords(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  const codes = [...RULE_IDS, ...EVENT_TYPES].filter((code) => text.includes(code));
  const fieldNames = text.match(/\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b/g) ?? [];
  const json = text.match(/[{}[\]]|"\w+"\s*:/g) ?? [];
  expect({ codes, fieldNames, json }).toEqual({ codes: [], fieldNames: [], json: [] });
}

/** The events that count on END as known now: occurred by then, not voided, not voids. */
const standing = (events: ApiEvent[]) => events.filter((e) => !e.voided && e.type !== 'EventVoided' && londonDate(e.occurredAt) <= END);
const latest = (events: ApiEvent[], ...types: string[]) =>
  standing(events)
    .filter((e) => types.includes(e.type))
    .sort((a, b) => londonDate(a.occurredAt).localeCompare(londonDate(b.occurredAt)))
    .at(-1);
const summaryValue = (page: Page, name: string) => page.locator(`[data-summary="${name}"]`).innerText();

/** A child with flags on END (in `teamId`, or any): one looked after when there is one, for the fullest summary. */
async function flaggedChild(token: string, teamId?: string): Promise<string> {
  const flags: Flag[] = (await api(`/flags?asOf=${END}&limit=1000${teamId ? `&teamId=${teamId}` : ''}`, token)).flags.filter((f: Flag) => f.subject.type === 'child');
  expect(flags.length).toBeGreaterThan(0);
  return (flags.find((f) => f.rule.startsWith('LOOKED_AFTER')) ?? flags[0]).subject.id;
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a child's page opens with their age band, status, worker and open flags, before the flags table (${size})`, async () => {
    const childId = await flaggedChild(TEST_KEYS.manager);
    const child: ApiHistory = await api(`/children/${childId}/timeline?asOf=${END}`);
    const page = await signIn(browser, t.base, TEST_KEYS.manager, { viewport });
    await page.goto(`${t.base}/dashboard/children/${childId}?asOf=${END}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Child ${childId}`);
    const summaryFirst = await page.evaluate(() => {
      const summary = document.querySelector('dl.govuk-summary-list#child-summary');
      const flags = document.querySelector('table.app-flags');
      return summary !== null && flags !== null && (summary.compareDocumentPosition(flags) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    expect(summaryFirst).toBe(true);

    // The band from the recorded birth month on the date, never the month itself.
    const birthMonth = String(latest(child.events, 'ChildRegistered')!.data.birthMonth);
    await expect(summaryValue(page, 'ageBand')).resolves.toBe(ageBand(birthMonth, END));

    // The status and the worker, as the recorded events have them on the date.
    const allocation = latest(child.events, 'CaseAllocated', 'CaseClosed')!;
    const inCare = latest(child.events, 'BecameLookedAfter', 'CeasedLookedAfter');
    const onPlan = latest(child.events, 'ChildProtectionPlanStarted', 'ChildProtectionPlanEnded');
    const status = await summaryValue(page, 'status');
    if (inCare?.type === 'BecameLookedAfter') expect(status).toMatch(/^Looked after/);
    else if (onPlan?.type === 'ChildProtectionPlanStarted') expect(status).toMatch(/^On a child protection plan/);
    else expect(status).not.toMatch(/^(Looked after|On a child protection plan)/);
    const worker = await summaryValue(page, 'worker');
    if (allocation.type === 'CaseAllocated') expect(worker).toBe(`${allocation.data.workerId} in team ${allocation.data.teamId}, since ${longDate(allocation.occurredAt)}`);
    else expect(worker).toMatch(new RegExp(`^None since ${longDate(allocation.occurredAt)}`));

    // The open flags are the API's, in words.
    const flags = await page.$$eval('[data-summary="flags"] li', (items) => items.map((li) => [li.getAttribute('data-rule'), li.querySelector('strong')!.textContent]));
    expect(flags).toEqual(child.flags.map((f) => [f.rule, ruleTitle(f.rule)]));
    expect(flags.length).toBeGreaterThan(0);

    // Every event is on the page, in a table of the year it happened, the latest year first.
    expect(await page.locator('#timeline tbody tr').count()).toBe(child.events.length);
    const years = await page.$$eval('#timeline table', (tables) => tables.map((table) => [table.querySelector('caption')!.textContent, table.id]));
    expect(years.map(([year]) => year)).toEqual([...new Set(child.events.map((e) => londonDate(e.occurredAt).slice(0, 4)))].sort().reverse());
    for (const e of child.events) expect(await page.locator(`#year-${londonDate(e.occurredAt).slice(0, 4)} #event-${e.eventId}`).count()).toBe(1);

    await expectOnlyWords(page);
    await checkView(page, `subject-child-${size}`);
    await page.context().close();
  });
}

/** The kind a child's timeline narrows to here: the commonest kind with events outside it that are not evidence. */
function kindToNarrow(child: ApiHistory): EventKind {
  const evidence = new Set(child.flags.flatMap((f) => f.evidence));
  const counts = new Map<EventKind, number>();
  for (const e of child.events) counts.set(eventKind(e.type)!, (counts.get(eventKind(e.type)!) ?? 0) + 1);
  const kind = [...counts].sort((a, b) => b[1] - a[1]).map(([k]) => k)[0];
  expect(child.events.some((e) => eventKind(e.type) !== kind && !evidence.has(e.eventId))).toBe(true);
  return kind;
}

for (const javaScriptEnabled of [true, false]) {
  test(`the timeline narrows to one kind of event, keeping every flag's evidence (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const childId = await flaggedChild(TEST_KEYS.manager);
    const child: ApiHistory = await api(`/children/${childId}/timeline?asOf=${END}`);
    const kind = kindToNarrow(child);
    const evidence = new Set(child.flags.flatMap((f) => f.evidence));
    const page = await signIn(browser, t.base, TEST_KEYS.manager, { viewport: VIEWPORTS.laptop, javaScriptEnabled });
    await page.goto(`${t.base}/dashboard/children/${childId}?asOf=${END}`);
    await page.selectOption('#kind', kind);
    await page.click('form.app-filters button[type=submit]');
    await page.waitForURL(new RegExp(`[?&]kind=${kind}(&|#|$)`));
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(END);

    const shown = await page.$$eval('#timeline tbody tr', (rows) => rows.map((r) => r.id.replace(/^event-/, '')));
    const expected = child.events.filter((e) => eventKind(e.type) === kind || evidence.has(e.eventId)).map((e) => e.eventId);
    expect(new Set(shown)).toEqual(new Set(expected));
    expect(shown.length).toBe(expected.length);
    expect(shown.length).toBeLessThan(child.events.length);
    // Each flag's evidence link still lands on its row, marked as evidence.
    for (const id of evidence) expect(await page.locator(`#timeline tr.app-evidence-row#event-${id}`).count()).toBe(1);
    // One form holds the view and the kind: changing the date keeps the narrowed timeline.
    expect(await page.locator('main form').count()).toBe(1);
    await expect(page.locator('form.app-filters #kind').inputValue()).resolves.toBe(kind);

    await page.click('#timeline-narrowed a');
    await page.waitForURL((url) => !url.searchParams.has('kind'));
    expect(await page.locator('#timeline tbody tr').count()).toBe(child.events.length);
    await page.context().close();
  });
}

/**
 * Each worker's open cases on END, counted from the events loaded (all stored): the
 * children whose latest allocation or closure by then, in practice order (date, then
 * as recorded), not voided, is an allocation to the worker.
 */
function openCasesOnEnd(): Map<string, number> {
  const voided = new Set(t.generated.filter((g) => g.request.type === 'EventVoided').map((g) => String((g.request.data as { eventId: string }).eventId)));
  const last = new Map<string, { on: string; workerId?: string }>();
  for (const { request } of t.generated) {
    if ((request.type !== 'CaseAllocated' && request.type !== 'CaseClosed') || voided.has(String(request.eventId))) continue;
    const on = londonDate(request.occurredAt);
    const childId = request.data.childId;
    // Recorded order breaks a tie: a later-recorded event of the same day comes after.
    if (on <= END && on >= (last.get(childId)?.on ?? '')) last.set(childId, { on, workerId: request.type === 'CaseAllocated' ? request.data.workerId : undefined });
  }
  const counts = new Map<string, number>();
  for (const { workerId } of last.values()) if (workerId) counts.set(workerId, (counts.get(workerId) ?? 0) + 1);
  return counts;
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a worker's page opens with their role, open cases and supervision, each the API's (${size})`, async () => {
    // The worker with most open cases; where the caseload rule flags one, its count is the rule's too.
    const counts = openCasesOnEnd();
    const [workerId, openCases] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    const worker: ApiHistory = await api(`/workers/${workerId}?asOf=${END}`);
    const page = await signIn(browser, t.base, TEST_KEYS.manager, { viewport });
    await page.goto(`${t.base}/dashboard/workers/${workerId}?asOf=${END}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Worker ${workerId}`);

    await expect(summaryValue(page, 'openCases')).resolves.toBe(String(openCases));
    const caseloads: Flag[] = (await api(`/flags?rule=CASELOAD_HIGH&asOf=${END}`)).flags;
    for (const f of caseloads) expect([f.subject.id, f.measures!.openCases]).toEqual([f.subject.id, counts.get(f.subject.id)]);
    const joined = latest(worker.events, 'WorkerJoined', 'WorkerChangedTeam')!;
    await expect(summaryValue(page, 'team')).resolves.toBe(joined.data.teamId);
    await expect(summaryValue(page, 'caseHolding')).resolves.toBe(latest(worker.events, 'WorkerJoined')!.data.caseHolding ? 'Yes' : 'No');

    // Supervision: the latest session, those of the last 90 days, and each of the last 12 months.
    const sessions = standing(worker.events).filter((e) => e.type === 'SupervisionHeld');
    const last = latest(worker.events, 'SupervisionHeld')!;
    await expect(summaryValue(page, 'lastSupervised')).resolves.toBe(longDate(last.occurredAt));
    const recent = sessions.filter((e) => londonDate(e.occurredAt) > addDays(END, -90));
    await expect(summaryValue(page, 'recentSupervisions')).resolves.toBe(`${recent.length}, of which ${recent.filter((e) => e.data.reflective).length} reflective`);
    const year = sessions.filter((e) => londonDate(e.occurredAt) > addMonths(END, -12)).reverse();
    const rows = await page.$$eval('#supervision-sessions tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
    expect(rows).toEqual(year.map((e) => [longDate(e.occurredAt), `${e.data.durationMinutes} minutes`, e.data.reflective ? 'Yes' : 'No', String(e.data.supervisorId)]));

    // Then the flags tables and the whole timeline.
    const order = await page.evaluate(() => [...document.querySelectorAll('#worker-summary, #supervision-sessions, table.app-flags, #timeline')].map((e) => e.id || 'flags'));
    expect(order[0]).toBe('worker-summary');
    expect(order.at(-1)).toBe('timeline');
    expect(await page.locator('#timeline tbody tr').count()).toBe(worker.events.length);

    await expectOnlyWords(page);
    await checkView(page, `subject-worker-${size}`);
    await page.context().close();
  });
}

test("a team manager is refused another team's child and worker, and their summaries tell no more than their timelines", async () => {
  const page = await signIn(browser, t.base, KEYS.teamManager, { viewport: VIEWPORTS.laptop });
  // A child and a worker who were never in the team (by the whole record an administrator reads).
  const neverInTeam = (history: ApiHistory) => !history.events.some((e) => e.data.teamId === TEAM);
  const otherFlags = ((await api(`/flags?asOf=${END}&limit=1000`)).flags as Flag[]).filter((f) => f.teamId !== TEAM && f.subject.type === 'child' && f.workerId);
  let other: { childId: string; workerId: string } | undefined;
  for (const f of otherFlags.slice(0, 20)) {
    if (neverInTeam(await api(`/children/${f.subject.id}/timeline`)) && neverInTeam(await api(`/workers/${f.workerId}`))) {
      other = { childId: f.subject.id, workerId: f.workerId! };
      break;
    }
  }
  expect(other).toBeDefined();
  expect((await page.goto(`${t.base}/dashboard/children/${other!.childId}?asOf=${END}`))!.status()).toBe(403);
  await expect(page.locator('#child-summary').count()).resolves.toBe(0);
  expect((await page.goto(`${t.base}/dashboard/workers/${other!.workerId}?asOf=${END}`))!.status()).toBe(403);
  await expect(page.locator('#worker-summary').count()).resolves.toBe(0);

  // Their own team's child: every reference the summary names is one the team's timeline (the API's answer to them) holds.
  const childId = await flaggedChild(KEYS.teamManager, TEAM);
  const child: ApiHistory = await api(`/children/${childId}/timeline?asOf=${END}`, KEYS.teamManager);
  expect((await page.goto(`${t.base}/dashboard/children/${childId}?asOf=${END}`))!.status()).toBe(200);
  const named = (await page.locator('#child-summary').innerText()).match(/\b[CWT]-\d+\b/g) ?? [];
  expect(named.length).toBeGreaterThan(0);
  const told = JSON.stringify(child);
  expect(named.filter((ref) => !told.includes(`"${ref}"`))).toEqual([]);
  const flags = await page.$$eval('[data-summary="flags"] li', (items) => items.map((li) => li.getAttribute('data-rule')));
  expect(flags).toEqual(child.flags.map((f) => f.rule));
  expect(child.flags.every((f) => f.teamId === TEAM)).toBe(true);

  // A worker of theirs: the open cases are their team's children allocated to the worker.
  const workerId = child.flags.find((f) => f.workerId)?.workerId ?? String(latest(child.events, 'CaseAllocated')!.data.workerId);
  expect((await page.goto(`${t.base}/dashboard/workers/${workerId}?asOf=${END}`))!.status()).toBe(200);
  const teamCaseload: Flag[] = (await api(`/flags?rule=CASELOAD_HIGH&asOf=${END}`, KEYS.teamManager)).flags.filter((f: Flag) => f.subject.id === workerId);
  if (teamCaseload.length) await expect(summaryValue(page, 'openCases')).resolves.toBe(String(teamCaseload[0].measures!.openCases));
  expect(Number(await summaryValue(page, 'openCases'))).toBeGreaterThan(0);
  await page.context().close();
});
