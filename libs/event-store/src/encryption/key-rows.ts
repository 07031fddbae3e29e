import type { ErasureRecord, KeyState } from './keyring.js';

/** A tombstone row, in either storage. */
export interface ErasureRow {
  child_id: string;
  erased_at: string;
  erased_by: string;
  reason: string;
}

/** An erasure wins over a key: a tombstone is final whatever else is stored. */
export function toStates(rows: { child_id: string; key: Buffer | null; erased: number | boolean }[]): Map<string, KeyState> {
  const states = new Map<string, KeyState>();
  for (const row of rows) {
    if (row.erased) states.set(row.child_id, 'erased');
    else if (row.key) states.set(row.child_id, row.key);
  }
  return states;
}

export function toRecord(row: ErasureRow): ErasureRecord {
  return { childId: row.child_id, erasedAt: row.erased_at, erasedBy: row.erased_by, reason: row.reason };
}
