import { z } from 'zod';
import { eventId, occurredAt } from './fields.js';

/** Which stream an event belongs to: the subject its data names, or (a void) its target's. */
export type StreamKind = 'worker' | 'child' | 'target';

/** The decision points a manager's oversight answers (ManagementOversightRecorded.decisionPoint). */
export const DECISION_POINTS = ['allocation', 'assessment_outcome', 'plan', 'plo', 'placement', 'closure'] as const;
export type DecisionPoint = (typeof DECISION_POINTS)[number];

/** The spans of a child's life an event can open or close (the fold keeps them in ChildView). */
export type PeriodKind = 'cinPlans' | 'cpPlans' | 'lookedAfter' | 'placements' | 'assessments' | 'privateFostering' | 'missingEpisodes';

/**
 * Which period an event opens, or closes. A close names the reference field that picks
 * the period when several can be open at once (an assessment, a placement by its id);
 * otherwise it closes the latest open one.
 */
export type PeriodChange<D extends z.ZodRawShape> = { opens: PeriodKind } | { closes: PeriodKind; matching?: keyof D & string };

/** An event's data as stored (validated by its schema): what `describe` puts in words. */
export type DataOf<D extends z.ZodRawShape> = z.output<z.ZodObject<D>>;

/** Everything the service knows about one event type, declared once. */
export interface EventDefinitionInput<T extends string, S extends StreamKind, D extends z.ZodRawShape, P extends PeriodChange<D> | undefined> {
  type: T;
  /** What the event records, in words (the catalogue's "records" column). */
  records: string;
  /** The event's name on pages, in plain words ("Supervision held"); DOMAIN.md's "on pages" column. */
  label: string;
  /**
   * The event's data in one line of plain words, for pages ("90 minutes with supervisor
   * W-012; reflective"): references as they are, codes and yes/no fields in words, never a
   * field name. Empty when the data holds nothing beyond the subject. A method, so a
   * definition's narrower data still fits the catalogue's list of definitions.
   */
  describe(data: DataOf<D>): string;
  stream: S;
  data: D;
  /** Data fields naming a worker who must be employed on the event's date (checked across streams). */
  namedWorkers?: readonly (keyof D & string)[];
  /** The decision point a manager must oversee after this event (OVERSIGHT_MISSING). */
  decisionPoint?: DecisionPoint;
  /** The period of the child's life this event opens or closes. */
  period?: P;
}

/** The request schema every event type shares: an optional idempotency key, its type, its date, its data. */
const requestSchema = <T extends string, D extends z.ZodRawShape>(type: T, records: string, data: D) =>
  z
    .strictObject({
      eventId: eventId.optional().describe('Idempotency key; the server makes one when absent'),
      type: z.literal(type),
      occurredAt,
      data: z.strictObject(data),
    })
    .meta({ title: type, description: records });

export interface EventDefinition<
  T extends string = string,
  S extends StreamKind = StreamKind,
  D extends z.ZodRawShape = z.ZodRawShape,
  P extends PeriodChange<D> | undefined = PeriodChange<D> | undefined,
> {
  type: T;
  records: string;
  label: string;
  describe(data: DataOf<D>): string;
  stream: S;
  namedWorkers: readonly (keyof D & string)[];
  decisionPoint?: DecisionPoint;
  period: P;
  schema: ReturnType<typeof requestSchema<T, D>>;
}

export function defineEvent<T extends string, S extends StreamKind, D extends z.ZodRawShape, const P extends PeriodChange<D> | undefined = undefined>(
  input: EventDefinitionInput<T, S, D, P>,
): EventDefinition<T, S, D, P> {
  const { type, records, label, describe, stream, data, namedWorkers = [], decisionPoint, period } = input;
  return { type, records, label, describe, stream, namedWorkers, decisionPoint, period: period as P, schema: requestSchema(type, records, data) };
}
