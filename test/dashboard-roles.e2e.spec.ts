/// <reference lib="dom" />
import { byUrgency, type Flag } from '@app/domain';
import { generateHistory } from '@app/generator';
import type { Browser, Page } from 'playwright-core';
import type { EventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projections';
import { loadHistory } from '../apps/cli/src/load-history.js';
import { EventRecorder } from '@app/recording';
import { EVENT_STORE } from '@app/composition';
import { checkView, launchBrowser, VIEWPORTS } from './support/browser.js';
import { get, startTestApp, tempDataDir, TEST_API_KEYS, type TestApp } from './support/test-app.js';

/**
 * Where each reader lands and what they find there, in a real browser on a generated
 * year (two teams): a team manager on their team's week (the most urgent child and its evidence in
 * at most three clicks), a manager of every team on the teams side by side, at a laptop's
 * 1366×768 and a phone's 390×844, axe clean, no sideways scrolling, every number the API's.
 */
const END = '2026-06-30';
const TEAM = 'T-01';
const KEYS = { teamManager: 'team-01-manager-key-00000', headOfService: 'head-of-service-key-00000' };

let t: TestApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp(tempDataDir('dashboard-roles-e2e-'), { API_KEYS: `${TEST_API_KEYS},${KEYS.teamManager}:manager:${TEAM},${KEYS.headOfService}:manager` });
  base = t.url.replace(/\/api\/v1$/, '');
  const loaded = await loadHistory(t.app.get(EventRecorder), t.clock, generateHistory({ seed: 11, scale: 0.2, start: '2025-07-01', end: END }));
  expect(loaded.refused).toEqual([]);
  await t.app.get(ProjectionRunner).waitFor(await t.app.get<EventStore>(EVENT_STORE).headPosition(), 600_000);
  t.clock.set(new Date(`${END}T16:00:00Z`));
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const api = async (pathAndQuery: string, token: string) => {
  const answer = await get(`${t.url}${pathAndQuery}`, token);
  expect(answer.status).toBe(200);
  return answer.body;
};

async function signedIn(key: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#apiKey', key);
  await page.click('button:has-text("Sign in")');
  return page;
}

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a team manager lands on their team and reaches the most urgent child's evidence in two clicks (${size})`, async () => {
    const page = await signedIn(KEYS.teamManager, viewport);
    await page.waitForURL(/\/dashboard\/team$/);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Team ${TEAM}`);
    await checkView(page, `roles-team-manager-${size}`);

    // The list is the API's flags of the team, most urgent first.
    const flags: Flag[] = (await api(`/flags?limit=1000`, KEYS.teamManager)).flags;
    const urgent = [...flags].sort(byUrgency);
    const shown = await page.$$eval('#urgent-table tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-rule')}|${r.getAttribute('data-subject')}`));
    expect(shown).toEqual(urgent.slice(0, 25).map((f) => `${f.rule}|${f.subject.id}`));
    // The most urgent child whose evidence is recorded in the team's time with the child (a team manager sees no other team's records).
    let first: Flag | undefined;
    for (const f of urgent.filter((x) => x.subject.type === 'child')) {
      const shown = new Set((await api(`/children/${f.subject.id}/timeline`, KEYS.teamManager)).events.map((e: { eventId: string }) => e.eventId));
      if (f.evidence.every((id) => shown.has(id))) {
        first = f;
        break;
      }
    }
    expect(first?.severity).toBe('red');

    // Click 1: the child, from the list on landing. Click 2: the flag's evidence, marked in the child's timeline.
    const row = page.locator(`#urgent-table tbody tr[data-subject="${first!.subject.id}"]`).first();
    await row.locator(`a:text-is("Child ${first!.subject.id}")`).click();
    await page.waitForURL(new RegExp(`/dashboard/children/${first!.subject.id}`));
    await page.locator(`table.app-flags tr[data-rule="${first!.rule}"] a[href$="#event-${first!.evidence[0]}"]`).click();
    expect(await page.evaluate(() => document.querySelector(':target')?.classList.contains('app-evidence-row'))).toBe(true);
    await checkView(page, `roles-team-manager-child-${size}`);

    // Or one click: the evidence link in the landing list lands on the same row.
    await page.goto(`${base}/dashboard/team`);
    await page.locator(`#urgent-table tr[data-subject="${first!.subject.id}"][data-rule="${first!.rule}"] a[href*="#evidence-"]`).first().click();
    await page.waitForURL(new RegExp(`/dashboard/children/${first!.subject.id}.*#evidence-`));
    expect(await page.evaluate(() => document.querySelector(':target')?.closest('tr')?.id)).toBe(`event-${first!.evidence[0]}`);
    await page.context().close();
  });
}

test("a team manager's due-next list and workers' figures are the API's", async () => {
  const page = await signedIn(KEYS.teamManager, VIEWPORTS.laptop);
  await page.waitForURL(/\/dashboard\/team$/);
  const upcoming: Flag[] = (await api(`/flags/upcoming?within=14&limit=1000`, KEYS.teamManager)).flags;
  const due = await page.$$eval('#due-table tbody tr', (rows) => rows.map((r) => `${r.getAttribute('data-rule')}|${r.getAttribute('data-subject')}`));
  expect(due).toEqual(upcoming.map((f) => `${f.rule}|${f.subject.id}`));
  await expect(page.locator('[data-team="dueNext"]').textContent()).resolves.toBe(String(upcoming.length));

  // A worker flagged for their caseload shows the caseload the rule counted.
  const caseloads: Flag[] = (await api(`/flags?rule=CASELOAD_HIGH&asOf=${END}`, KEYS.teamManager)).flags;
  for (const f of caseloads) {
    await expect(page.locator(`#workers-table tr[data-worker="${f.subject.id}"] [data-measure="openCases"]`).textContent()).resolves.toBe(String(f.measures!.openCases));
  }
  expect(await page.locator('#workers-table tbody tr').count()).toBeGreaterThan(0);
  await page.context().close();
});

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a manager of every team lands on the teams side by side, each figure the API's (${size})`, async () => {
    const page = await signedIn(KEYS.headOfService, viewport);
    await page.waitForURL(/\/dashboard\/teams$/);
    await checkView(page, `roles-head-of-service-${size}`);
    const overall = await api(`/dashboard?asOf=${END}`, KEYS.headOfService);
    const teamIds: string[] = overall.teams.map((x: { teamId: string }) => x.teamId);
    expect(teamIds.length).toBeGreaterThan(1);
    for (const teamId of teamIds.slice(0, 2)) {
      const team = await api(`/dashboard?asOf=${END}&teamId=${teamId}`, KEYS.headOfService);
      for (const r of team.rules.filter((x: { inScope: number }) => x.inScope > 0)) {
        const cell = page.locator(`#teams-side-by-side tr[data-rule="${r.rule}"] td[data-team="${teamId}"]`);
        await expect(cell.getAttribute('data-rate')).resolves.toBe(String(r.complianceRate));
      }
    }
    await page.locator(`#teams-side-by-side thead a:text-is("${teamIds[0]}")`).click();
    await page.waitForURL(new RegExp(`/dashboard/team\\?.*teamId=${teamIds[0]}`));
    await expect(page.locator('h1').textContent()).resolves.toBe(`Team ${teamIds[0]}`);
    await page.context().close();
  });
}
