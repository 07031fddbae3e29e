import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RULE_IDS } from '@app/domain';
import { get, startTestApp, tempDataDir, type TestApp } from '../../../../test/support/test-app.js';

/** GET /rules names, for every rule, the inspection finding it answers and the inspectors' words for it. */
describe('GET /rules', () => {
  let t: TestApp;
  const dataDir = tempDataDir('rules-api-');

  beforeAll(async () => {
    t = await startTestApp(dataDir);
  });

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives each rule's quote: its words and the report, paragraph or publication it is from", async () => {
    const { status, body } = await get(`${t.url}/rules`);
    expect(status).toBe(200);
    const byRule = new Map<string, { quote: unknown; finding: string }>(body.rules.map((r: { rule: string; quote: unknown; finding: string }) => [r.rule, r]));
    expect([...byRule.keys()]).toEqual(RULE_IDS);
    expect(byRule.get('PLAN_WITHOUT_CONTINGENCY')!.quote).toEqual({
      text: 'Contingency planning is largely absent, meaning that parents do not understand what action will be taken should progress not be made.',
      report: '2022 inspection',
      paragraph: 6,
    });
    expect(byRule.get('SOCIAL_WORKER_CHANGES')!.quote).toEqual({
      text: expect.stringContaining('too many changes of social worker'),
      report: '2018 inspection',
      via: expect.stringContaining('letter'),
    });
    // Present for every rule, null only where no report speaks to the finding.
    for (const [rule, r] of byRule) expect([rule, r.quote === undefined]).toEqual([rule, false]);
    expect(byRule.get('CARE_PROCEEDINGS_OVERDUE')!.quote).toBeNull();
  });
});
