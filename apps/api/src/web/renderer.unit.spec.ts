import { describe, expect, it } from '@jest/globals';
import { longDate } from '@app/domain';
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
});
