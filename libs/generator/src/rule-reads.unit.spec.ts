import { describe, expect, it } from '@jest/globals';
import { addDays, buildWorld, DEFAULT_POLICY, RULE_FUNCTIONS, type World } from '@app/domain';
import { generateHistory } from './index.js';
import { replay } from './testing/replay.js';
import { becameLookedAfter, childRegistered, personalAdviserAllocated, supervisionHeld, timelinesOf, workerJoined, workerLeft } from '../../domain/src/testing/index.js';

/**
 * The flag read model recomputes a child's or worker's rules, when only a linked history
 * of the other kind changed (a worker's supervision, for the children allocated to
 * them), for the rules that declare `alsoReads` alone. So no other rule may read that
 * kind: here each one is run on worlds whose other kind cannot be read.
 */
/**
 * What the generated history lacks, by hand: a looked-after 16-year-old whose personal
 * adviser leaves (NO_PERSONAL_ADVISER reads the adviser's leaving), among facts no rule
 * of theirs reads.
 */
const adviserLeaves = timelinesOf([
  childRegistered('2024-04-01', { childId: 'C-PA', birthMonth: '2009-03' }),
  becameLookedAfter('2024-05-06', { childId: 'C-PA' }),
  workerJoined('2024-06-03', { workerId: 'W-PA', role: 'personal_adviser', caseHolding: false }),
  personalAdviserAllocated('2025-04-01', { childId: 'C-PA', workerId: 'W-PA' }),
  supervisionHeld('2025-05-01', { workerId: 'W-PA' }),
  workerLeft('2025-09-30', { workerId: 'W-PA' }),
]);
const timelines = [...replay([...generateHistory({ seed: 5, start: '2025-01-01', end: '2025-12-31', scale: 0.05 })]).timelines, ...adviserLeaves];
const asOfs = Array.from({ length: 24 }, (_, i) => addDays('2025-01-01', i * 30));
const worlds = asOfs.map((asOf) => buildWorld(timelines, { asOf }));
const OTHER = { workers: 'children', children: 'workers' } as const;

/** The world with its `kind` histories behind a trap: reading them throws. */
function withUnreadable(world: World, kind: 'workers' | 'children'): World {
  return Object.defineProperty({ ...world }, kind, {
    get() {
      throw new Error(`read the ${kind}`);
    },
  });
}

describe('what each rule reads besides its subjects', () => {
  const rules = RULE_FUNCTIONS.filter((r) => r.over !== 'teams');

  it.each(rules.filter((r) => !r.alsoReads).map((r) => [r.rule, r] as const))('%s reads no history of the other kind', (_, rule) => {
    for (const world of worlds) expect(() => rule.assess(withUnreadable(world, OTHER[rule.over as 'workers' | 'children']), DEFAULT_POLICY)).not.toThrow();
  });

  it.each(rules.filter((r) => r.alsoReads).map((r) => [r.rule, r] as const))('%s reads what it declares (so the check above can fail)', (_, rule) => {
    expect(() => worlds.forEach((world) => rule.assess(withUnreadable(world, rule.alsoReads!), DEFAULT_POLICY))).toThrow(`read the ${rule.alsoReads}`);
  });
});

describe('the facts each rule declares it reads', () => {
  const declaring = RULE_FUNCTIONS.filter((r) => r.reads);
  const onlyRead = (reads: readonly string[]) => timelines.map((t) => ({ ...t, facts: t.facts.filter((f) => reads.includes(f.type)) }));

  it('are declared by the rules the flag read model would otherwise recompute most', () => {
    expect(declaring.map((r) => r.rule)).toEqual(['CASELOAD_HIGH', 'TEAM_CASELOAD_HIGH', 'NO_PERSONAL_ADVISER']);
  });

  it.each(declaring.map((r) => [r.rule, r] as const))('%s answers the same when every other fact is left out', (_, rule) => {
    const kept = onlyRead(rule.reads!);
    let assessed = 0;
    for (const asOf of asOfs) {
      const all = rule.assess(buildWorld(timelines, { asOf }), DEFAULT_POLICY);
      expect([asOf, JSON.stringify(rule.assess(buildWorld(kept, { asOf }), DEFAULT_POLICY))]).toEqual([asOf, JSON.stringify(all)]);
      assessed += all.length;
    }
    expect(assessed).toBeGreaterThanOrEqual(asOfs.length); // there were answers to compare
  });
});
