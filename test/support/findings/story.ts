import type { History, Row } from './history.js';

/**
 * One finding family's story: a small local authority's history, the day the test
 * asks on, and the exact flags of the family's rules at a few as-of dates, worked
 * out by hand from DOMAIN.md and the rule comments (never copied from the app).
 */
export interface Story {
  name: string;
  /** The server's today once everything is recorded (every recording day is on or before it). */
  today: string;
  /** The rules this family's expectations cover (the app's answer is filtered to these). */
  rules: string[];
  history: History;
  /** Exact flags of `rules`, by asOf, in the API's order (rule, then subject). */
  expected: Record<string, Row[]>;
  knownAt: KnownAtCase[];
}

/**
 * A bitemporal check for one rule on one subject.
 * - `forward`: the flag at `asOf` exists only because of an event recorded after
 *   `knownAt`; `flag` is the full-knowledge flag, and with knownAt the subject has none.
 * - `reverse`: an event recorded after `knownAt` clears the flag (a late-logged visit,
 *   review, check…); `flag` is what knownAt shows, and with full knowledge there is none.
 */
export interface KnownAtCase {
  rule: string;
  direction: 'forward' | 'reverse';
  asOf: string;
  knownAt: string;
  flag: Row;
  /** Which event, recorded when, makes the difference. */
  why: string;
}
