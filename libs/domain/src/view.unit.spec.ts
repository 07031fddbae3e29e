import { describe, expect, it } from '@jest/globals';
import { InvalidQueryError, viewOn } from './view.js';

describe('viewOn: the view a read asks about', () => {
  it('defaults asOf to today and keeps knownAt up to today', () => {
    expect(viewOn({}, '2026-12-02')).toEqual({ asOf: '2026-12-02' });
    expect(viewOn({ asOf: '2099-12-31', knownAt: '2026-12-02' }, '2026-12-02')).toEqual({ asOf: '2099-12-31', knownAt: '2026-12-02' });
  });

  it('refuses a knownAt after today in the domain’s words, naming the parameter', () => {
    expect(() => viewOn({ knownAt: '2026-12-03' }, '2026-12-02')).toThrow(InvalidQueryError);
    expect(() => viewOn({ knownAt: '2026-12-03' }, '2026-12-02')).toThrow('knownAt: must not be in the future');
  });
});
