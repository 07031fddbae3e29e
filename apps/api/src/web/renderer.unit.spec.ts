import { describe, expect, it } from '@jest/globals';
import { longDate, ruleTitle } from '@app/domain';
import { createRenderer, monthName, percent } from './renderer.js';

describe('page formatting', () => {
  it('shows rates as percentages to one decimal, and a dash when nothing was in scope', () => {
    expect([percent(1), percent(0.950381679389313), percent(0.9995), percent(0), percent(null)]).toEqual(['100.0%', '95.0%', '100.0%', '0.0%', '–']);
  });

  it('writes dates as people in England do', () => {
    expect([longDate('2026-11-23'), longDate('2026-06-30T16:00:00.000Z'), monthName('2026-02')]).toEqual(['23 November 2026', '30 June 2026', 'Feb 2026']);
  });

  it('escapes what it is given (no markup from data)', () => {
    const html = createRenderer().renderString('{{ x }}', { x: '<script>alert(1)</script>' });
    expect(html).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names an event and words its data as its catalogue definition says', () => {
    const html = createRenderer().renderString('{{ type | eventLabel }}: {{ type | eventLine(data) }}', { type: 'ChildVisited', data: { childId: 'C-1', workerId: 'W-017', seenAlone: false } });
    expect(html).toBe('Child visited: By W-017; not seen alone');
  });

  it("shows a subject's timeline in words: the event's label and line, its evidence by rule title, no type or field name", () => {
    const event = {
      eventId: 'e-1',
      type: 'SupervisionHeld',
      occurredAt: '2026-03-03',
      data: { workerId: 'W-1', supervisorId: 'W-2', durationMinutes: 90, reflective: false },
      recordedAt: '2026-03-04T09:00:00Z',
      recordedBy: 'demo-loader',
    };
    const html = createRenderer().render('subject.njk', {
      heading: 'Worker W-1',
      view: { asOf: '2026-03-31' },
      history: { events: [event], flags: [] },
      years: [{ year: '2026', events: [event] }],
      evidenceFor: { 'e-1': ['SUPERVISION_NOT_REFLECTIVE'] },
    });
    const row = html.slice(html.indexOf('id="event-e-1"'), html.indexOf('</tr>', html.indexOf('id="event-e-1"')));
    expect(row).toContain('Supervision held');
    expect(row).toContain('90 minutes with supervisor W-2; not reflective');
    expect(row).toContain(`Evidence: ${ruleTitle('SUPERVISION_NOT_REFLECTIVE')}`);
    expect(row).toContain('by account demo-loader');
    expect(row).not.toMatch(/SupervisionHeld|durationMinutes|SUPERVISION_NOT_REFLECTIVE/);
  });
});
