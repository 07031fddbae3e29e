import type { ReadStreamOptions } from './event-store.port.js';

/** The first stream version to read; a negative or fractional one is refused rather than read as "everything". */
export function fromVersionOf(options: ReadStreamOptions = {}): number {
  const fromVersion = options.fromVersion ?? 0;
  if (!Number.isSafeInteger(fromVersion) || fromVersion < 0) throw new RangeError(`fromVersion must be a non-negative integer, got ${fromVersion}`);
  return fromVersion;
}
