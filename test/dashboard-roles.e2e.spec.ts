/// <reference lib="dom" />
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { byUrgency, eventLabel, longDate, ruleTitle, type Flag } from '@app/domain';
import type { Browser, Page } from 'playwright-core';
import { checkView, launchBrowser, signIn, VIEWPORTS } from './support/browser.js';
import { startWithGeneratedYear, YEAR_END, type GeneratedYearApp } from './support/generated-year.js';
import { apiKeysWith, getOk, TEST_KEYS } from './support/test-app.js';

/**
 * Where each reader lands and what they find there, in a real browser on a generated
 * year (two teams): a team manager on their team's week (the most urgent child and its evidence in
 * at most three clicks), a manager of every team on the teams side by side, a
 * quality-assurance lead (an auditor) on the overview, from where the flags download as
 * a CSV a spreadsheet opens in words; at a laptop's 1366×768 and a phone's 390×844, axe
 * clean, no sideways scrolling, every number the API's.
 */
const END = YEAR_END;
const TEAM = 'T-01';
const KEYS = { teamManager: 'team-01-manager-key-00000', headOfService: 'head-of-service-key-00000' };

let t: GeneratedYearApp;
let browser: Browser;

beforeAll(async () => {
  t = await startWithGeneratedYear('dashboard-roles-e2e-', { scale: 0.2, env: apiKeysWith(`${KEYS.teamManager}:manager:${TEAM}`, `${KEYS.headOfService}:manager`) });
  browser = await launchBrowser();
}, 1_800_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const api = (pathAndQuery: string, token: string) => getOk(t, pathAndQuery, token);

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a team manager lands on their team and reaches the most urgent child's evidence in two clicks (${size})`, async () => {
    const page = await signIn(browser, t.base, KEYS.teamManager, { viewport });
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
    await page.goto(`${t.base}/dashboard/team`);
    await page.locator(`#urgent-table tr[data-subject="${first!.subject.id}"][data-rule="${first!.rule}"] a[href*="#evidence-"]`).first().click();
    await page.waitForURL(new RegExp(`/dashboard/children/${first!.subject.id}.*#evidence-`));
    expect(await page.evaluate(() => document.querySelector(':target')?.closest('tr')?.id)).toBe(`event-${first!.evidence[0]}`);
    await page.context().close();
  });
}

test("a team manager's due-next list and workers' figures are the API's", async () => {
  const page = await signIn(browser, t.base, KEYS.teamManager, { viewport: VIEWPORTS.laptop });
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
    const page = await signIn(browser, t.base, KEYS.headOfService, { viewport });
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

/** Opens the navigation's "Flags", behind the menu button where the window is narrow. */
async function openFlagsFromNavigation(page: Page): Promise<void> {
  const menu = page.locator('.govuk-service-navigation__toggle');
  if (await menu.isVisible()) await menu.click();
  await page.click('a.govuk-service-navigation__link:text-is("Flags")');
  await page.waitForURL(/\/dashboard\/flags(\?|$)/);
}

const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const SNAKE = /\b[a-z]+_[a-z_]+\b/;

/** Where the evidence of a row is, for a person: the cells of the columns headed "Evidence…". */
const evidenceCells = (row: Record<string, string>) =>
  Object.entries(row)
    .filter(([header]) => /^evidence/i.test(header))
    .map(([, cell]) => cell)
    .join(' | ');

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`a QA lead lands on the overview, reaches the flags and downloads them as a CSV that opens in words, evidence and ¶ intact (${size})`, async () => {
    const page = await signIn(browser, t.base, TEST_KEYS.auditor, { viewport, acceptDownloads: true });
    await page.waitForURL(/\/dashboard\/overview(\?|$)/);
    // The trend is brought in after the page: check the page as it ends up.
    await page.waitForSelector('#trends[aria-busy="false"]');
    await checkView(page, `roles-qa-lead-overview-${size}`);

    await openFlagsFromNavigation(page);
    await expect(page.locator('h1').textContent()).resolves.toBe('Flags');
    const answer = await api(`/flags?asOf=${END}&limit=10000`, TEST_KEYS.auditor);
    const flags: Flag[] = answer.flags;
    expect([answer.total, answer.nextCursor]).toEqual([flags.length, undefined]);
    await expect(page.locator('[data-total]').textContent()).resolves.toBe(flags.length.toLocaleString('en-GB'));
    await checkView(page, `roles-qa-lead-flags-${size}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("as CSV")')]);
    expect(download.suggestedFilename()).toBe(`flags-${END}.csv`);
    const file = fs.readFileSync(await download.path());
    await page.context().close();

    // A byte-order mark first, so Excel on Windows opens it as UTF-8; nothing read as another encoding.
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8')).not.toMatch(/\uFFFD|Â/);
    // Every heading in words: a capitalised word first, no field name.
    const [header] = parse(file, { bom: true, to_line: 1 }) as string[][];
    expect(header.filter((h) => !/^[A-Z][a-z]/.test(h) || CAMEL.test(h) || SNAKE.test(h))).toEqual([]);

    // The API's flags, in its order; each finding whole, its ¶ intact; each piece of evidence named and dated.
    const rows: Record<string, string>[] = parse(file, { columns: true, bom: true });
    expect(rows.length).toBe(flags.length);
    expect(flags.some((f) => f.finding.includes('¶'))).toBe(true);
    const events = new Map(t.generated.map(({ request }) => [String(request.eventId), request]));
    const wrong = { notTheApisFlag: [] as string[], findingNotWhole: [] as string[], evidenceNotInWords: [] as string[] };
    rows.forEach((row, i) => {
      const f = flags[i];
      const cells = Object.values(row);
      if (!cells.includes(ruleTitle(f.rule)) || !cells.some((c) => c.includes(f.subject.id))) wrong.notTheApisFlag.push(`row ${i + 1}: not ${f.rule} of ${f.subject.id}`);
      if (!cells.includes(f.finding)) wrong.findingNotWhole.push(`row ${i + 1}: not "${f.finding}"`);
      const evidence = evidenceCells(row);
      for (const id of f.evidence) {
        const e = events.get(id);
        const missing = (e ? [eventLabel(e.type), longDate(e.occurredAt)] : [id]).filter((words) => !evidence.includes(words));
        if (missing.length) wrong.evidenceNotInWords.push(`row ${i + 1}: "${evidence}" does not say ${missing.map((w) => `"${w}"`).join(' or ')}`);
      }
    });
    // How many rows of each kind are wrong, and the first few of them.
    expect(Object.entries(wrong).map(([kind, found]) => [kind, found.length, found.slice(0, 3)])).toEqual(Object.keys(wrong).map((kind) => [kind, 0, []]));
  });
}
