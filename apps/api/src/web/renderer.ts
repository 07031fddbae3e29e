import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { DEFAULT_POLICY, eventLabel, eventLine, flagReason, flagTiming, longDate, ruleTitle, type Policy } from '@app/domain';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The templates of this service (copied beside the compiled code by `nest build`). */
export const VIEWS_DIR = path.join(here, 'views');
/** Our own stylesheet and script. */
export const PUBLIC_DIR = path.join(here, 'public');
/** govuk-frontend's prebuilt CSS, JS, images and Nunjucks macros. */
export const GOVUK_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const THOUSANDS = new Intl.NumberFormat('en-GB');

/** "87.5%" to one decimal; a dash when nothing was in scope. */
export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '–' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
export const monthName = (month: string): string => MONTH.format(new Date(`${month}-01T00:00:00Z`));

/** A rate's change between two dates in percentage points, in words ("up 2.1 points"); a dash when either had nothing in scope. */
export function change(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '–';
  const points = Math.round((now - before) * 1000) / 10;
  return points === 0 ? 'no change' : `${points > 0 ? 'up' : 'down'} ${Math.abs(points).toFixed(1)} points`;
}

/**
 * The Nunjucks environment: our views first, then govuk-frontend's (as `govuk/…`).
 * Autoescaping on. A flag's reason is worded under `policy`'s thresholds.
 */
export function createRenderer(policy: Policy = DEFAULT_POLICY): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR], { noCache: false }), { autoescape: true, throwOnUndefined: false });
  env.addFilter('longDate', longDate);
  env.addFilter('ruleTitle', ruleTitle);
  // An event's name and its data in words: `{{ e.type | eventLabel }}`, `{{ e.type | eventLine(e.data) }}`.
  env.addFilter('eventLabel', eventLabel);
  env.addFilter('eventLine', eventLine);
  env.addFilter('flagReason', (flag: Parameters<typeof flagReason>[0]) => flagReason(flag, policy));
  env.addFilter('flagTiming', flagTiming);
  // A YYYY-MM-DD date's parts for GOV.UK's date fields, and an example of the pattern.
  env.addFilter('dateDay', (iso?: string) => (iso ? String(Number(iso.slice(8, 10))) : ''));
  env.addFilter('dateMonth', (iso?: string) => (iso ? String(Number(iso.slice(5, 7))) : ''));
  env.addFilter('dateYear', (iso?: string) => (iso ? iso.slice(0, 4) : ''));
  env.addFilter('dateExample', (iso?: string) => (iso ? `${Number(iso.slice(8, 10))} ${Number(iso.slice(5, 7))} ${iso.slice(0, 4)}` : '27 3 2026'));
  env.addFilter('percent', percent);
  env.addFilter('change', change);
  env.addFilter('monthName', monthName);
  env.addFilter('thousands', (n: number) => THOUSANDS.format(n));
  return env;
}
