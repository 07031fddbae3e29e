import { describe, expect, it } from '@jest/globals';
import { EVENT_TYPES, eventLabel, eventLine, type RecordEventRequest } from '@app/domain';
import { generateHistory } from './index.js';

/**
 * Every event type's label, and the line of every event of a generated year, read as a
 * social worker would: no code, field name, JSON or missing value shows through. Half
 * a mid-size authority's year (55,000 events): a smaller one has no worker changing team.
 */
const events: RecordEventRequest[] = [...generateHistory({ seed: 11, start: '2025-01-01', end: '2025-12-31', scale: 0.5 })].map((e) => e.request);

/**
 * What must not show in words for people: a code, a camelCase or snake_case name, JSON, a
 * value that was missing, a yes/no field as true or false, or a date as the API writes it.
 */
const NOT_WORDS = /\b[A-Z]{2,}_[A-Z_]+\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b|[{}[\]"]|undefined|null|NaN|\[object|\b(true|false)\b|\b\d{4}-\d{2}\b/;

/** Empty (the data names nothing beyond the subject), or a sentence's start with no dangling separator, and nothing that is not words. */
const inWords = (line: string): boolean => line === '' || (/^[A-Z0-9].*[^;\s]$/.test(line) && !NOT_WORDS.test(line));

describe('events in words', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('%s has a label in words', (type) => {
    expect(eventLabel(type)).toMatch(/^[A-Z][a-z-]+( [A-Za-z-]+)*$/);
    expect(eventLabel(type)).not.toMatch(NOT_WORDS);
  });

  it('gives each type its own label', () => {
    expect(new Set(EVENT_TYPES.map(eventLabel)).size).toBe(EVENT_TYPES.length);
  });

  it.each(EVENT_TYPES.map((type) => [type]))('%s: every generated event has a line in words', (type) => {
    const lines = events.filter((e) => e.type === type).map((e) => ({ data: e.data, line: eventLine(e.type, e.data) }));
    // A type the history never generated would prove nothing.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter(({ line }) => !inWords(line))).toEqual([]);
  });

  it('words data as a social worker would', () => {
    expect(eventLabel('SupervisionHeld')).toBe('Supervision held');
    expect(eventLine('SupervisionHeld', { workerId: 'W-017', supervisorId: 'W-002', durationMinutes: 90, reflective: true })).toBe('90 minutes with supervisor W-002; reflective');
    expect(eventLine('SupervisionHeld', { workerId: 'W-017', supervisorId: 'W-002', durationMinutes: 1, reflective: false, childIdsDiscussed: ['C-1', 'C-2', 'C-3'] })).toBe(
      '1 minute with supervisor W-002; not reflective; children discussed: C-1, C-2 and C-3',
    );
    expect(eventLine('WorkerJoined', { workerId: 'W-017', teamId: 'T-NORTH', role: 'newly_qualified', caseHolding: true, agency: false, fte: 0.8 })).toBe(
      'Newly qualified social worker in team T-NORTH; 0.8 full-time equivalent; case holding; directly employed',
    );
    expect(eventLine('ChildRegistered', { childId: 'C-1', birthMonth: '2017-04', disabled: false })).toBe('Born April 2017; not disabled');
    expect(eventLine('ChildVisited', { childId: 'C-1', workerId: 'W-017', seenAlone: true })).toBe('By W-017; seen alone');
    expect(eventLine('ReferralReceived', { childId: 'C-1', source: 'police', concerns: ['domestic_abuse', 'neglect'] })).toBe('Source: police; concerns: domestic abuse and neglect');
    expect(eventLine('ReferralReceived', { childId: 'C-1', source: 'la_services', concerns: ['other'] })).toBe('Source: local authority services; concern: other');
    expect(eventLine('ReferralReceived', { childId: 'C-1', source: 'constructor', concerns: ['neglect'] })).toBe('Source: constructor; concern: neglect');
    expect(eventLine('AssessmentStarted', { childId: 'C-1', assessmentId: 'A-1', kind: 'child_and_family' })).toBe('Child and family assessment A-1');
    expect(eventLine('ChildProtectionPlanStarted', { childId: 'C-1', category: 'emotional_abuse' })).toBe('Category: emotional abuse');
    expect(eventLine('PloStageExited', { childId: 'C-1', stage: 'pre_proceedings', outcome: 'stepped_down' })).toBe('Pre-proceedings; outcome: stepped down');
    expect(eventLine('PlacementStarted', { childId: 'C-1', placementId: 'P-123', kind: 'foster', registered: false, meetsAssessedNeeds: true, intendedUntil18: false })).toBe(
      'Foster placement P-123; unregistered provision; meets assessed needs; not intended to last until 18',
    );
    expect(eventLine('ManagementOversightRecorded', { childId: 'C-1', managerId: 'W-002', decisionPoint: 'plo' })).toBe('By manager W-002; decision point: entering the PLO');
    expect(eventLabel('EventVoided')).toBe('Event voided');
    expect(eventLine('EventVoided', { eventId: '6F1C0E1E-2B7A-4C1D-9A51-3F0F7D0B9E11', reason: 'duplicate entry' })).toBe('Withdraws an earlier event; reason: duplicate entry');
    expect(eventLine('CaseClosed', { childId: 'C-1', reason: 'no_further_action' })).toBe('Reason: no further action');
    expect(eventLine('DentalCheckCompleted', { childId: 'C-1' })).toBe('');
  });

  it('answers neutrally, never throwing, for a type the catalogue does not know or data its schema refuses', () => {
    expect([eventLabel('WorkerPromoted'), eventLine('WorkerPromoted', { workerId: 'W-1' })]).toEqual(['Recorded event', '']);
    expect(eventLine('SupervisionHeld', { workerId: 'W-017' })).toBe('');
    expect(eventLine('SupervisionHeld', null)).toBe('');
  });
});
