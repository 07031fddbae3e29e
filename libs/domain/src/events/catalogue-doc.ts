import { z } from 'zod';
import { EVENT_DEFINITIONS, EVENT_SCHEMAS, type StreamKind } from './catalogue.js';

/**
 * docs/DOMAIN.md's event catalogue, rendered from the schemas that validate requests,
 * so the document cannot say a field exists that the API refuses (or the reverse).
 * `npm run docs` writes it between the markers; a unit test fails when it differs.
 */

export const EVENT_CATALOGUE_START = '<!-- event-catalogue:start (generated from libs/domain/src/events/catalogue.ts by `npm run docs`; edit the schemas, not this table) -->';
export const EVENT_CATALOGUE_END = '<!-- event-catalogue:end -->';

/** The fragment of JSON Schema the catalogue's data fields use. */
interface FieldSchema {
  type?: string;
  enum?: string[];
  format?: string;
  description?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: FieldSchema;
}

const SECTIONS: { kind: StreamKind; heading: string }[] = [
  { kind: 'worker', heading: 'Workforce (stream per worker)' },
  { kind: 'child', heading: 'Children (stream per child)' },
  { kind: 'target', heading: "Corrections (in the voided event's stream)" },
];

/** The Markdown between the markers: one table per stream kind, one row per event type in catalogue order, with the label the pages show it by. */
export function renderEventCatalogue(): string {
  return SECTIONS.map(({ kind, heading }) => {
    const rows = EVENT_DEFINITIONS.filter((d) => d.stream === kind).map((d) => row(d.schema, d.label));
    return [`### ${heading}`, '', '| type | on pages | records | data |', '|---|---|---|---|', ...rows].join('\n');
  }).join('\n\n');
}

function row(schema: (typeof EVENT_SCHEMAS)[number], label: string): string {
  const json = z.toJSONSchema(schema.shape.data, { io: 'input' }) as { properties: Record<string, FieldSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties).map(([name, field]) => (required.has(name) ? '' : 'optional ') + describeField(name, field));
  return `| \`${schema.shape.type.value}\` | ${label} | ${schema.description ?? ''} | ${fields.join('; ')} |`;
}

/** One field in words: its name, then what it holds when that is more than a local reference. */
function describeField(name: string, field: FieldSchema): string {
  if (field.type === 'array' && field.items) return `\`${name}[]\`: ${listOf(field)}`;
  const what = valueOf(field);
  return what ? `\`${name}\`: ${what}` : `\`${name}\``;
}

function listOf(field: FieldSchema): string {
  const bounds = [field.minItems !== undefined ? `at least ${field.minItems}` : '', field.maxItems !== undefined ? `at most ${field.maxItems}` : ''].filter(Boolean).join(', ');
  const item = valueOf(field.items!) || `${referenceKind(field.items!) ?? 'local'} references`;
  return bounds ? `${item} (${bounds})` : item;
}

/** Empty for a plain local reference (DOMAIN.md's "Subjects and identifiers" says what those are). */
function valueOf(field: FieldSchema): string {
  if (field.enum) return field.enum.map((v) => `\`${v}\``).join(', ');
  if (field.type === 'boolean') return 'boolean';
  if (field.type === 'integer' || field.type === 'number') return `${field.type === 'integer' ? 'whole number' : 'number'}${range(field)}`;
  if (field.format === 'uuid') return 'UUID';
  if (field.description && !referenceKind(field)) return described(field.description, field.example);
  if (field.maxLength !== undefined) return `short single-line text, ${field.minLength ?? 0}–${field.maxLength} characters`;
  return '';
}

/** `child` for a child reference (fields.ts `reference('child')`), else undefined. */
function referenceKind(field: FieldSchema): string | undefined {
  return /^The local authority's (\w+) reference \(never a name\)$/.exec(field.description ?? '')?.[1];
}

function described(description: string, example: unknown): string {
  const text = description.charAt(0).toLowerCase() + description.slice(1);
  return typeof example === 'string' && !text.includes('e.g.') ? `${text}, e.g. \`${example}\`` : text;
}

function range(field: FieldSchema): string {
  const low = field.exclusiveMinimum !== undefined ? `> ${field.exclusiveMinimum}` : field.minimum !== undefined ? `≥ ${field.minimum}` : '';
  const high = field.maximum !== undefined ? `≤ ${field.maximum}` : '';
  const both = [low, high].filter(Boolean).join(' and ');
  return both ? `, ${both}` : '';
}

/** `doc` with the text between the markers replaced by the current rendering; refuses a doc without both markers. */
export function withEventCatalogue(doc: string): string {
  const start = doc.indexOf(EVENT_CATALOGUE_START);
  const end = doc.indexOf(EVENT_CATALOGUE_END);
  if (start < 0 || end < start) throw new Error('the document has no event-catalogue markers');
  return `${doc.slice(0, start + EVENT_CATALOGUE_START.length)}\n\n${renderEventCatalogue()}\n\n${doc.slice(end)}`;
}
