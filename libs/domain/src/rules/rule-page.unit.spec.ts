import { DEFAULT_POLICY, resolvePolicy } from '../policy.js';
import { RULE_DEFINITIONS } from './definitions.js';
import { plainRuleWords, quoteCitation, ruleAnchor, rulePages, thresholdLabel, thresholdLines, type RulePage } from './rule-page.js';

const CODE = /\b[A-Z]+(?:_[A-Z0-9]+)+\b/;
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/;
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;

const pages = (policy = DEFAULT_POLICY): RulePage[] => rulePages(policy).flatMap((g) => g.rules);
const page = (rule: string, policy = DEFAULT_POLICY): RulePage => pages(policy).find((p) => p.rule === rule)!;

describe('thresholdLabel', () => {
  it('words a key, its unit in brackets', () => {
    expect(thresholdLabel(['intervalDays'])).toBe('Interval (days)');
    expect(thresholdLabel(['firstVisitWorkingDays'])).toBe('First visit (working days)');
    expect(thresholdLabel(['goodMinMinutes'])).toBe('Good minimum (minutes)');
    expect(thresholdLabel(['maxWeeks'])).toBe('Maximum (weeks)');
  });

  it('leaves a unit alone when it is the whole key, and spells out abbreviations', () => {
    expect(thresholdLabel(['workingDays'])).toBe('Working days');
    expect(thresholdLabel(['months'])).toBe('Months');
    expect(thresholdLabel(['newlyQualifiedMaxPerFte'])).toBe('Newly qualified maximum per FTE');
    expect(thresholdLabel(['youngerThanAge'])).toBe('Younger than age');
  });

  it('joins a nested key to its parent', () => {
    expect(thresholdLabel(['newlyQualified', 'firstIntervalDays'])).toBe('Newly qualified, first interval (days)');
  });
});

describe('thresholdLines', () => {
  it('lists the values in order, nested objects flattened, each labelled', () => {
    expect(thresholdLines(DEFAULT_POLICY.supervision)).toEqual([
      { label: 'Interval (days)', value: '28' },
      { label: 'Newly qualified, first (weeks)', value: '6' },
      { label: 'Newly qualified, first interval (days)', value: '7' },
      { label: 'Newly qualified, until (months)', value: '6' },
      { label: 'Newly qualified, interval (days)', value: '14' },
    ]);
  });

  it('gives the default beside a value the policy changed, and figures as people write them', () => {
    expect(thresholdLines({ maxPerFte: 22.5, newlyQualifiedMaxPerFte: 18 }, { maxPerFte: 20, newlyQualifiedMaxPerFte: 18 })).toEqual([
      { label: 'Maximum per FTE', value: '22.5', defaultValue: '20' },
      { label: 'Newly qualified maximum per FTE', value: '18' },
    ]);
    expect(thresholdLines({ newlyQualified: { untilMonths: 9 } }, { newlyQualified: { untilMonths: 6 } })).toEqual([{ label: 'Newly qualified, until (months)', value: '9', defaultValue: '6' }]);
  });
});

describe('rulePages', () => {
  it('shows every rule once, grouped by what it assesses, in the catalogue order within a group', () => {
    const groups = rulePages(DEFAULT_POLICY);
    expect(groups.map((g) => g.heading)).toEqual(['Social workers', 'Teams', 'Children']);
    expect(groups.flatMap((g) => g.rules.map((r) => r.rule)).sort()).toEqual(RULE_DEFINITIONS.map((d) => d.rule).sort());
    expect(groups[2].rules.map((r) => r.rule)).toEqual(RULE_DEFINITIONS.filter((d) => d.subject === 'child').map((d) => d.rule));
  });

  it('gives each rule a distinct anchor from its title', () => {
    expect(ruleAnchor('Looked-after visit overdue')).toBe('rule-looked-after-visit-overdue');
    const anchors = pages().map((p) => p.anchor);
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const a of anchors) expect(a).toMatch(/^rule-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('shows the thresholds of the policy in force, and says when they are not the defaults', () => {
    expect(page('SUPERVISION_OVERDUE')).toMatchObject({ policyKey: 'supervision', notDefault: false, thresholds: expect.arrayContaining([{ label: 'Interval (days)', value: '28' }]) });
    const local = resolvePolicy({ supervision: { intervalDays: 21 } });
    expect(page('SUPERVISION_OVERDUE', local)).toMatchObject({ notDefault: true, thresholds: expect.arrayContaining([{ label: 'Interval (days)', value: '21', defaultValue: '28' }]) });
    expect(page('UNREGISTERED_PLACEMENT')).toMatchObject({ policyKey: undefined, thresholds: [], notDefault: false });
  });

  it('words the kind, and cites the quote', () => {
    expect(page('SUPERVISION_OVERDUE').kind).toMatch(/^A duty: /);
    expect(page('CASELOAD_HIGH').kind).toMatch(/^A condition: /);
    expect(page('DENTAL_CHECK_OVERDUE').quote).toEqual({ text: expect.stringContaining('recent dental checks'), citation: '2022 inspection, paragraph 21' });
    expect(quoteCitation({ text: 'x', report: '2014 inspection', via: 'as reported in a paper' })).toBe('2014 inspection, as reported in a paper');
  });

  it('has no code, field name or snake_case word in any text it shows', () => {
    for (const p of pages()) {
      const { rule, policyKey, anchor, ...shown } = p;
      const text = JSON.stringify(Object.values(shown));
      expect([rule, text.match(CODE)?.[0], text.match(SNAKE)?.[0], text.match(CAMEL)?.[0], text.includes('`')]).toEqual([rule, undefined, undefined, undefined, false]);
    }
  });

  it('words the field names the rules write for developers', () => {
    expect(plainRuleWords('current placement `registered: false` (always red)')).toBe('current placement not registered (always red)');
    expect(plainRuleWords('the flag carries `measures.kind` (`disabled_children` reported separately)')).toBe('the flag carries its kind (assessments of disabled children reported separately)');
  });
});
