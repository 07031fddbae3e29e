import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { DEFAULT_POLICY, flagReason, longDate, ruleTitle, type Policy } from '@app/domain';

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

/**
 * The Nunjucks environment: our views first, then govuk-frontend's (as `govuk/…`).
 * Autoescaping on. A flag's reason is worded under `policy`'s thresholds.
 */
export function createRenderer(policy: Policy = DEFAULT_POLICY): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIR], { noCache: false }), { autoescape: true, throwOnUndefined: false });
  env.addFilter('longDate', longDate);
  env.addFilter('ruleTitle', ruleTitle);
  env.addFilter('flagReason', (flag: Parameters<typeof flagReason>[0]) => flagReason(flag, policy));
  env.addFilter('percent', percent);
  env.addFilter('monthName', monthName);
  env.addFilter('thousands', (n: number) => THOUSANDS.format(n));
  return env;
}
