import { definitionOf } from './catalogue.js';

/**
 * Events in words, for pages: each type's label and one line of its data, as its
 * definition in the catalogue says them. A type the catalogue does not know (or data its
 * schema no longer accepts) gets neutral words rather than an error: a page showing a
 * history must not fail on one old event.
 */

/** What the pages call an event of a type the catalogue does not know. */
const UNKNOWN_EVENT_LABEL = 'Recorded event';

/** An event type's name in words ("Supervision held"). */
export function eventLabel(type: string): string {
  return definitionOf(type)?.label ?? UNKNOWN_EVENT_LABEL;
}

/** An event's data in one line of words ("90 minutes with supervisor W-012; reflective"); empty when there is nothing to add. */
export function eventLine(type: string, data: unknown): string {
  const definition = definitionOf(type);
  // Checked against the schema first, so `describe` only ever words data of its own shape.
  const parsed = definition?.schema.shape.data.safeParse(data);
  if (!definition || !parsed?.success) return '';
  return (definition.describe as (data: unknown) => string)(parsed.data);
}
