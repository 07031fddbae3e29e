import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { RULES, ruleTitle, type Compliance, type RuleId } from '@app/domain';
import { monthName, percent } from './renderer.js';

/** One month of the dashboard's series, as the charts need it. */
export interface TrendPoint {
  /** YYYY-MM */
  month: string;
  asOf: string;
  overall: Compliance;
  /** Each rule's rate: the share in scope not flagged (null: nothing in scope). */
  rules: Partial<Record<RuleId, number | null>>;
}

/** A chart drawn on the server (no script needed): the SVG, and its legend as text beside small swatches. */
export interface Chart {
  svg: string;
  legend?: string;
}

/** One month's rate, for a table cell. */
export interface RateCell {
  month: string;
  asOf: string;
  rate: number | null;
}

const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
const FONT = 'arial, sans-serif';
// govuk-frontend's palette: each colour at least 3:1 against white, so a line can be told from the page.
const BLUE = '#1d70b8';
const PURPLE = '#4c2c92';
const SEVERITY = { domain: ['red', 'amber'], range: ['#d4351c', '#f47738'] };
const TEAM_COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#0b0c0c', '#912b88', '#505a5f', '#6e3619'];
// A marker per line too, so colour is not the only way to tell them apart (seven shapes against eight colours: 56 teams before a pair repeats).
const TEAM_MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'];
/** A fitted rate axis is at least this tall (2 points), so a flat line does not look like a fall. */
const MIN_SPAN = 0.02;
const SHORT_MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/**
 * A point's label on a chart: the month of its own date, "Jan 26" for 2026-01-31,
 * named as the tables name it ("Sept", as en-GB writes it). Formatted in UTC from the
 * month's first day, so no time zone can move it into the month before or after.
 */
export const monthLabel = (month: string): string => SHORT_MONTH.format(new Date(`${month}-01T00:00:00Z`));

/**
 * What every chart shares: the page's type, and a size the SVG scales from to fill
 * its box (a grid cell on a laptop, the screen's width on a phone). The x axis is the
 * points' months, one place each, labelled with the month of the date evaluated: a
 * time axis would put its ticks at the months' starts, a day after each point.
 */
function frame(points: TrendPoint[], size: { width: number; height: number; fontSize: number; maxWidth?: string }) {
  return {
    document,
    width: size.width,
    height: size.height,
    marginLeft: 58,
    marginRight: 16,
    marginTop: 16,
    marginBottom: 52,
    style: { fontSize: `${size.fontSize}px`, fontFamily: FONT, width: '100%', height: 'auto', maxWidth: size.maxWidth ?? '100%' },
    x: { type: 'point' as const, domain: points.map((p) => p.month), tickFormat: monthLabel, tickRotate: -45, label: null, padding: 0.4 },
  };
}

const SMALL = { width: 400, height: 240, fontSize: 14 };
// As narrow as a small chart, so its words stay readable on a phone; on a laptop it grows to at most 560 px.
const WIDE = { width: 400, height: 260, fontSize: 14, maxWidth: '560px' };

/** A rate scale: where it starts and ends, the values labelled on it, and how they are written. */
export interface RateAxis {
  domain: [number, number];
  ticks: number[];
  tickFormat: (v: number) => string;
}

/**
 * A rate axis fitted to the values (not 0–100 %, on which a fall from 96 % to 93 %
 * looks flat): a little wider than they spread, at least 2 points tall (so a flat
 * line does not look like a fall), kept inside 0–100 % by moving the window rather
 * than cutting it short.
 */
export function fittedRateAxis(values: number[]): RateAxis {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const half = Math.max(((hi - lo) / 2) * 1.15, MIN_SPAN / 2);
  const middle = Math.min(1 - half, Math.max(half, (lo + hi) / 2));
  return rateAxis(middle - half, middle + half);
}

/**
 * An axis from a tick at or below `from` to one at or above `to`, about four steps of
 * 1, 2 or 5 × 10ⁿ, inside 0–100 %: both ends are labelled, and the labels have a
 * decimal place only when the steps are under a point.
 */
function rateAxis(from: number, to: number): RateAxis {
  const step = niceStep((to - from) / 4);
  // Counted in whole steps, so no rounding error drops an end's tick.
  const first = Math.max(0, Math.floor(from / step + 1e-9));
  const last = Math.min(Math.round(1 / step), Math.ceil(to / step - 1e-9));
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(6)));
  const decimals = step < 0.01 ? 1 : 0;
  return { domain: [ticks[0]!, ticks.at(-1)!], ticks, tickFormat: (v: number) => `${(v * 100).toFixed(decimals)}%` };
}

/** The 1, 2 or 5 × 10ⁿ at or above `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough - 1e-12)!;
}

/** The rules with anything in scope in any of the months, in the catalogue's order. */
export function rulesInScope(points: TrendPoint[]): RuleId[] {
  return RULES.map((r) => r.rule).filter((rule) => points.some((p) => p.rules[rule] !== null && p.rules[rule] !== undefined));
}

/** One rule's rate in each month. */
export const ruleCells = (points: TrendPoint[], rule: RuleId): RateCell[] => points.map((p) => ({ month: p.month, asOf: p.asOf, rate: p.rules[rule] ?? null }));

/** A small multiple: one rule's rate at each month end, on an axis fitted to it. */
export function ruleChart(points: TrendPoint[], rule: RuleId): Chart {
  const cells = ruleCells(points, rule);
  const known = cells.filter((c): c is RateCell & { rate: number } => c.rate !== null);
  const axis = fittedRateAxis(known.map((c) => c.rate));
  const plot = Plot.plot({
    ...frame(points, SMALL),
    y: { ...axis, grid: true, label: null },
    marks: [Plot.lineY(cells, { x: 'month', y: 'rate', stroke: BLUE, strokeWidth: 2.5 }), Plot.dot(known, { x: 'month', y: 'rate', fill: BLUE, r: 3.5 })],
  });
  const label = `Line chart of ${ruleTitle(rule)}: the share in scope not flagged at each month end, ${fromTo(known)}${lowest(known)}. ${scaleWords(axis)} The table below gives each value.`;
  return { svg: svg(plot, label) };
}

/** One rule's rate for each team, a line per team, with a legend naming them. */
export function teamsChart(teams: { teamId: string; cells: RateCell[] }[], points: TrendPoint[], rule: RuleId): Chart {
  const rows = teams.flatMap((t) => t.cells.map((c) => ({ ...c, team: t.teamId })));
  const known = rows.filter((r) => r.rate !== null);
  const axis = fittedRateAxis(known.map((r) => r.rate!));
  const teamIds = teams.map((t) => t.teamId);
  const plot = Plot.plot({
    ...frame(points, WIDE),
    y: { ...axis, grid: true, label: null },
    color: { domain: teamIds, range: cycle(TEAM_COLOURS, teamIds.length) },
    symbol: { domain: teamIds, range: cycle(TEAM_MARKERS, teamIds.length) },
    marks: [Plot.lineY(rows, { x: 'month', y: 'rate', z: 'team', stroke: 'team', strokeWidth: 2.5 }), Plot.dot(known, { x: 'month', y: 'rate', fill: 'team', symbol: 'team', r: 5 })],
  });
  const each = teams.map((t) => `team ${t.teamId} ${fromTo(t.cells.filter((c): c is RateCell & { rate: number } => c.rate !== null))}`).join('; ');
  const label = `Line chart of ${ruleTitle(rule)} for each team at each month end: ${each}. ${scaleWords(axis)} The table below gives each value.`;
  return { svg: svg(plot, label), legend: legend(plot, 'symbol', (team) => `Team ${team}`) };
}

/** Red and amber flags as a share of those in scope at each month end, stacked: the bars' height is the share flagged. */
export function flaggedShareChart(points: TrendPoint[]): Chart {
  const counted = points.filter((p) => p.overall.inScope > 0);
  const rows = counted.flatMap((p) => [
    { month: p.month, severity: 'red', share: p.overall.red / p.overall.inScope },
    { month: p.month, severity: 'amber', share: p.overall.amber / p.overall.inScope },
  ]);
  const top = Math.max(MIN_SPAN, ...counted.map((p) => p.overall.flagged / p.overall.inScope));
  const base = frame(points, SMALL);
  const plot = Plot.plot({
    ...base,
    x: { ...base.x, type: 'band', padding: 0.25 },
    y: { ...rateAxis(0, top), grid: true, label: null },
    color: SEVERITY,
    marks: [Plot.barY(rows, { x: 'month', y: 'share', fill: 'severity' }), Plot.ruleY([0])],
  });
  const share = (p: TrendPoint) => ({ month: p.month, rate: p.overall.flagged / p.overall.inScope });
  const label = `Bar chart of the share of those in scope with a red or amber flag at each month end, ${fromTo(counted.map(share))}. Red is at the foot of each bar, amber above it. The table below gives each count.`;
  return { svg: svg(plot, label), legend: legend(plot, 'color', (s) => (s === 'red' ? 'Red flags' : 'Amber flags')) };
}

/** How many were in scope and how many flagged at each month end: the population the rates are shares of. */
export function countsChart(points: TrendPoint[]): Chart {
  const series = { inScope: 'In scope', flagged: 'Flagged' };
  const rows = points.flatMap((p) => [
    { month: p.month, series: series.inScope, count: p.overall.inScope },
    { month: p.month, series: series.flagged, count: p.overall.flagged },
  ]);
  const plot = Plot.plot({
    ...frame(points, SMALL),
    y: { domain: [0, Math.max(1, ...points.map((p) => p.overall.inScope))], nice: true, ticks: 5, tickFormat: ',d', grid: true, label: null },
    color: { domain: Object.values(series), range: [BLUE, PURPLE] },
    symbol: { domain: Object.values(series), range: ['circle', 'square'] },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(rows, { x: 'month', y: 'count', z: 'series', stroke: 'series', strokeWidth: 2.5 }),
      Plot.dot(rows, { x: 'month', y: 'count', fill: 'series', symbol: 'series', r: 4 }),
    ],
  });
  const first = points[0]!.overall;
  const last = points.at(-1)!.overall;
  const label = `Line chart of how many were in scope (${count(first.inScope)} in ${monthName(points[0]!.month)}, ${count(last.inScope)} in ${monthName(points.at(-1)!.month)}) and how many of them were flagged (${count(first.flagged)}, then ${count(last.flagged)}) at each month end. The table below gives each count.`;
  return { svg: svg(plot, label), legend: legend(plot, 'symbol', (s) => s) };
}

const count = (n: number) => n.toLocaleString('en-GB');

/** "The scale runs from 90% to 100%, not from 0.": a fitted scale says where it starts. */
const scaleWords = (axis: RateAxis) => `The scale runs from ${axis.tickFormat(axis.domain[0])} to ${axis.tickFormat(axis.domain[1])}${axis.domain[0] > 0 ? ', not from 0' : ''}.`;

/** "from 96.0% in Jul 2025 to 93.1% in Jun 2026", or why there is no line. */
function fromTo(known: { month: string; rate: number }[]): string {
  if (known.length === 0) return 'with nothing in scope';
  const [first, last] = [known[0]!, known.at(-1)!];
  return known.length === 1
    ? `${percent(first.rate)} in ${monthName(first.month)} only`
    : `from ${percent(first.rate)} in ${monthName(first.month)} to ${percent(last.rate)} in ${monthName(last.month)}`;
}

/** ", lowest 92.0% in Mar 2026", when the lowest month is neither end. */
function lowest(known: { month: string; rate: number }[]): string {
  const low = known.reduce((a, b) => (b.rate < a.rate ? b : a), known[0]!);
  return low === known[0] || low === known.at(-1) ? '' : `, lowest ${percent(low.rate)} in ${monthName(low.month)}`;
}

const cycle = (values: string[], n: number) => Array.from({ length: n }, (_, i) => values[i % values.length]!);

/** A scale's legend: each name in words beside its swatch (the swatches are decoration; the words are what is read). */
function legend(plot: ReturnType<typeof Plot.plot>, scale: 'color' | 'symbol', name: (value: string) => string): string {
  const element = plot.legend(scale, { tickFormat: name, swatchSize: 18, style: { fontSize: '16px', fontFamily: FONT, color: '#0b0c0c' } });
  if (!element) throw new Error(`the chart has no ${scale} scale`);
  for (const swatch of element.querySelectorAll('svg')) swatch.setAttribute('aria-hidden', 'true');
  element.setAttribute('class', `${element.getAttribute('class')} app-legend`);
  return element.outerHTML;
}

/**
 * The chart's SVG as an image with a text alternative (the table beside it has the
 * numbers). Plot's own labels on its groups are not allowed inside an image (and would
 * be read twice): each becomes a data-mark attribute, which says what a group is
 * ("y-axis tick label") without being read out.
 */
function svg(element: ChartElement, label: string): string {
  for (const part of element.querySelectorAll('[aria-label], [aria-description]')) {
    const mark = part.getAttribute('aria-label');
    if (mark) part.setAttribute('data-mark', mark);
    part.removeAttribute('aria-label');
    part.removeAttribute('aria-description');
  }
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  return element.outerHTML;
}

interface ChartElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null; setAttribute(name: string, value: string): void; removeAttribute(name: string): void }>;
  outerHTML: string;
}
