import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES } from '../events/catalogue.js';
import { EVENT_KIND_LABELS, EVENT_KINDS, eventKind, eventKindsOf } from './event-kinds.js';

describe('kinds of event', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('%s has a kind', (type) => {
    expect(EVENT_KINDS).toContain(eventKind(type));
  });

  it('gives every kind some event type and a name in words', () => {
    const used = new Set(EVENT_TYPES.map(eventKind));
    expect(EVENT_KINDS.filter((kind) => !used.has(kind))).toEqual([]);
    for (const kind of EVENT_KINDS) expect(EVENT_KIND_LABELS[kind]).toMatch(/^[A-Z][a-z]/);
  });

  it('groups as a manager reads a case', () => {
    expect(['ChildVisited', 'PlanReviewed', 'LookedAfterReviewHeld', 'DentalCheckCompleted', 'PlacementStarted', 'CaseAllocated', 'ManagementOversightRecorded'].map(eventKind)).toEqual([
      'visits',
      'plans',
      'plans',
      'health',
      'care',
      'allocations',
      'oversight',
    ]);
  });

  it('knows no kind for a type the catalogue does not know, nor for names Object has', () => {
    expect(eventKind('SomethingElse')).toBeUndefined();
    expect(eventKind('constructor')).toBeUndefined();
  });

  it("offers a child's timeline the kinds of child events, a worker's those of worker events, and both the corrections", () => {
    expect(eventKindsOf('child')).toEqual(['allocations', 'referrals', 'visits', 'plans', 'proceedings', 'care', 'health', 'missing', 'private-fostering', 'oversight', 'corrections']);
    expect(eventKindsOf('worker')).toEqual(['supervision', 'employment', 'corrections']);
  });
});
