import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ADVISORY_LOCKS, RETIRED_ADVISORY_LOCKS } from './advisory-locks.js';

/** Every .ts file under the source folders, specs excluded. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('the advisory-lock registry', () => {
  it('gives every purpose its own number', () => {
    const numbers = Object.values(ADVISORY_LOCKS);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('never gives out a retired number again', () => {
    expect(Object.values(ADVISORY_LOCKS).filter((n) => RETIRED_ADVISORY_LOCKS.includes(n))).toEqual([]);
  });

  it('is the only place lock numbers are written: every pg_advisory call takes its number from a parameter', () => {
    const literal = /pg_(try_)?advisory_(xact_)?(un)?lock(_shared)?\(\s*\d/;
    const offenders = ['apps', 'libs'].flatMap(sources).filter((file) => literal.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
