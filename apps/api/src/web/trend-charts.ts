import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { Compliance } from '@app/domain';

/** One month of the dashboard's series, as the charts need it. */
export interface TrendPoint {
  month: string;
  asOf: string;
  overall: Compliance;
}

const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
const WIDTH = 560;
const HEIGHT = 280;
// govuk-frontend's palette: blue for compliance, red and orange as the severity tags use.
const BLUE = '#1d70b8';
const SEVERITY_COLOURS = { range: ['#d4351c', '#f47738'], domain: ['red', 'amber'] };

const at = (p: TrendPoint) => new Date(`${p.asOf}T00:00:00Z`);

/** What both charts share: size, margins and the page's type. */
const FRAME = { document, width: WIDTH, height: HEIGHT, marginLeft: 50, style: { fontSize: '14px', fontFamily: 'arial, sans-serif' } };

/** Overall compliance at each point, as an SVG line chart (drawn on the server: no script needed). */
export function complianceChart(points: TrendPoint[], label: string): string {
  const data = points.filter((p) => p.overall.complianceRate !== null);
  return svg(
    Plot.plot({
      ...FRAME,
      x: { type: 'utc', label: null, ticks: 6 },
      y: { domain: [0, 1], tickFormat: '.0%', label: 'Compliance', grid: true },
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(data, { x: at, y: (p: TrendPoint) => p.overall.complianceRate, stroke: BLUE, strokeWidth: 3 }),
        Plot.dot(data, { x: at, y: (p: TrendPoint) => p.overall.complianceRate, fill: BLUE, r: 4 }),
      ],
    }),
    label,
  );
}

/** Red and amber flags at each point, stacked bars. */
export function flagsChart(points: TrendPoint[], label: string): string {
  const rows = points.flatMap((p) => [
    { month: p.month, severity: 'red', count: p.overall.red },
    { month: p.month, severity: 'amber', count: p.overall.amber },
  ]);
  return svg(
    Plot.plot({
      ...FRAME,
      x: { label: null, domain: points.map((p) => p.month), tickFormat: (m: string) => m.slice(2) },
      y: { label: 'Flags', grid: true },
      color: { ...SEVERITY_COLOURS, legend: false },
      marks: [Plot.barY(rows, { x: 'month', y: 'count', fill: 'severity' }), Plot.ruleY([0])],
    }),
    label,
  );
}

/** The chart's SVG as an image with a text alternative (the table beside it has the numbers). */
function svg(element: ChartElement, label: string): string {
  // Inside an image, Plot's own labels on groups are not allowed (and would be read twice).
  for (const part of element.querySelectorAll('[aria-label], [aria-description]')) {
    part.removeAttribute('aria-label');
    part.removeAttribute('aria-description');
  }
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  return element.outerHTML;
}

interface ChartElement {
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<{ removeAttribute(name: string): void }>;
  outerHTML: string;
}
