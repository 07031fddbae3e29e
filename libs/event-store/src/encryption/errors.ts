/** Appending to the stream of a child whose key was destroyed (crypto-shredded). Nothing was written. */
export class SubjectErasedError extends Error {
  constructor(
    readonly streamId: string,
    readonly childId: string,
  ) {
    super(`stream ${streamId}: child ${childId} was erased; nothing more can be recorded for them`);
    this.name = 'SubjectErasedError';
  }
}

/**
 * An encrypted event whose child has neither a key nor an erasure record. That is never
 * "erased": the keyring is not the one this store was written with, or keys were lost.
 * Reading on as if the child were erased would silently hide data, so it is an error.
 */
export class MissingChildKeyError extends Error {
  constructor(
    readonly childId: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId}: no key and no erasure recorded for child ${childId} (wrong keys file or database, or lost keys)`);
    this.name = 'MissingChildKeyError';
  }
}

/** Stored ciphertext that does not authenticate: tampered with, moved to another event, or an unknown envelope. */
export class EventDecryptionError extends Error {
  constructor(
    readonly eventId: string,
    readonly streamId: string,
    reason: string,
  ) {
    super(`event ${eventId} in ${streamId} cannot be decrypted: ${reason}`);
    this.name = 'EventDecryptionError';
  }
}
