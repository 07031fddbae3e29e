import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The stored form of an encrypted event's `data`: AES-256-GCM over the JSON text, with
 * the stream and event ids as associated data, so a ciphertext only opens in the event
 * it was written for (copied into another event or stream, it fails to authenticate).
 */
export type Envelope = {
  $enc: 'v1';
  iv: string; // base64, 12 random bytes
  ct: string; // base64
  tag: string; // base64, 16 bytes
};

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

/** Plaintext events (written before encryption was switched on) have no `$enc` field. */
export function isSealed(data: Record<string, unknown>): boolean {
  return Object.hasOwn(data, '$enc');
}

export function seal(key: Buffer, data: Record<string, unknown>, streamId: string, eventId: string): Envelope {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(streamId, eventId));
  const ct = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
  return { $enc: 'v1', iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Throws (a message, no key material) when the envelope is malformed or does not authenticate. */
export function unseal(key: Buffer, data: Record<string, unknown>, streamId: string, eventId: string): Record<string, unknown> {
  const envelope = asEnvelope(data);
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('malformed envelope');
  // authTagLength refuses a truncated tag, which would weaken the authentication.
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(streamId, eventId));
  decipher.setAuthTag(tag);
  let text: string;
  try {
    text = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('authentication failed (tampered with, or written for another event)');
  }
  return JSON.parse(text) as Record<string, unknown>;
}

function asEnvelope(data: Record<string, unknown>): Envelope {
  if (data.$enc !== 'v1') throw new Error(`unknown envelope version ${JSON.stringify(data.$enc)}`);
  for (const field of ['iv', 'ct', 'tag'] as const) {
    if (typeof data[field] !== 'string') throw new Error('malformed envelope');
  }
  return data as unknown as Envelope;
}

/** A JSON pair, so no choice of ids can make two different (stream, event) pairs collide. */
function associatedData(streamId: string, eventId: string): Buffer {
  return Buffer.from(JSON.stringify([streamId, eventId]), 'utf8');
}
