import { describe, expect, it } from '@jest/globals';
import { addDays, buildWorld, DEFAULT_POLICY, EVENT_DEFINITIONS, RULE_FUNCTIONS, type World } from '@app/domain';
import { generateHistory } from './index.js';
import { replay } from './testing/replay.js';
import { adviserLeaves } from './testing/adviser-leaves.js';

/**
 * The flag read model recomputes a child's or worker's rules, when only a linked history
 * of the other kind changed (a worker's supervision, for the children allocated to
 * them), for the rules that declare `alsoReads` alone. So no other rule may read that
 * kind: here each one is run on worlds whose other kind cannot be read.
 */
const timelines = [...replay([...generateHistory({ seed: 5, start: '2025-01-01', end: '2025-12-31', scale: 0.2 })]).timelines, ...adviserLeaves];
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

/** The facts each part of a folded history is read from (history/*.ts); a period kind's, from the catalogue. */
const FACTS_BEHIND: Record<string, string[]> = {
  birthMonth: ['ChildRegistered'],
  disabled: ['ChildRegistered'],
  allocations: ['CaseAllocated', 'CaseClosed'],
  ploEpisodes: ['PloStageEntered', 'PloStageExited'],
  personalAdviserId: ['PersonalAdviserAllocated'],
  employments: ['WorkerJoined', 'WorkerLeft'],
  teamChanges: ['WorkerJoined', 'WorkerChangedTeam'],
  supervisions: ['SupervisionHeld'],
};
for (const d of EVENT_DEFINITIONS) {
  const period = (d as { period?: { opens: string } | { closes: string } }).period;
  if (period) (FACTS_BEHIND['opens' in period ? period.opens : period.closes] ??= []).push(d.type);
}
const factTypesBehind = (part: string): string[] => FACTS_BEHIND[part] ?? [`an unknown part: ${part}`];

/** A history whose reads are noted: the fact types behind each part read (every type, for a walk over all its facts). */
function noted<V extends object>(history: V, read: Set<string>): V {
  return new Proxy(history, {
    get(target, part, receiver) {
      const value: unknown = Reflect.get(target, part, receiver);
      if (part === 'byType') return notedByType(value as Map<string, unknown>, read);
      if (part !== 'id') for (const t of factTypesBehind(String(part))) read.add(t);
      return value;
    },
  });
}

function notedByType(byType: Map<string, unknown>, read: Set<string>): Map<string, unknown> {
  return new Proxy(byType, {
    get(target, member) {
      if (member === 'get' || member === 'has') return (type: string) => (read.add(type), target[member](type));
      read.add('every fact');
      const value: unknown = Reflect.get(target, member, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('the facts each rule declares it reads', () => {
  const onlyRead = (reads: readonly string[]) => timelines.map((t) => ({ ...t, facts: t.facts.filter((f) => reads.includes(f.type)) }));

  it.each(RULE_FUNCTIONS.map((r) => [r.rule, r] as const))('%s touches no other part of a history', (_, rule) => {
    const read = new Set<string>();
    for (const world of worlds) rule.assess({ ...world, workers: world.workers.map((w) => noted(w, read)), children: world.children.map((c) => noted(c, read)) }, DEFAULT_POLICY);
    expect([...read].filter((t) => !rule.reads.includes(t)).sort()).toEqual([]);
    expect(read.size).toBeGreaterThan(0); // the rule was run on histories
  });

  it.each(RULE_FUNCTIONS.map((r) => [r.rule, r] as const))('%s answers the same when every other fact is left out', (_, rule) => {
    const kept = onlyRead(rule.reads);
    let flagged = 0;
    for (const asOf of asOfs) {
      const all = rule.assess(buildWorld(timelines, { asOf }), DEFAULT_POLICY);
      expect([asOf, JSON.stringify(rule.assess(buildWorld(kept, { asOf }), DEFAULT_POLICY))]).toEqual([asOf, JSON.stringify(all)]);
      flagged += all.filter((a) => a.flag).length;
    }
    expect(flagged).toBeGreaterThan(0); // there were flags to compare
  });
});
