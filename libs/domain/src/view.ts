import type { IsoDate } from './dates.js';
import type { View } from './timeline.js';

/** A read asked for something that has no answer (the HTTP layer answers 400 with these messages, each naming its parameter). */
export class InvalidQueryError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join('; '));
    this.name = 'InvalidQueryError';
  }
}

/**
 * The view a read asks about, on `today` (England's date): `asOf` defaults to today;
 * `knownAt` asks what had been recorded by a date, so a date after today has no answer yet.
 */
export function viewOn(query: { asOf?: IsoDate; knownAt?: IsoDate }, today: IsoDate): View {
  if (query.knownAt && query.knownAt > today) throw new InvalidQueryError(['knownAt: must not be in the future']);
  return { asOf: query.asOf ?? today, ...(query.knownAt ? { knownAt: query.knownAt } : {}) };
}
