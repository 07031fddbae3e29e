import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, RecordEventRequest } from '@app/domain';
import {
  EncryptingEventStore,
  EVENT_STORE_MIGRATIONS,
  KEYRING_MIGRATIONS,
  migrateSqlite,
  openSqliteKeyring,
  SqliteEventStore,
  WrongExpectedVersionError,
  type EventStore,
  type ReadStreamOptions,
  type StreamAppend,
} from '@app/event-store';
import type { Actor } from '../actor.js';

/** The recorder's today in these specs: a fixed clock, so every date below is in the past. */
export const NOW = new Date('2026-03-02T10:00:00Z');
export const TODAY = '2026-03-02';
export const fixedClock = { now: () => NOW };

export const ACTOR: Actor = { id: 'api-key:test', correlationId: 'corr-1', source: 'import' };

/** A temporary directory holding the store's files, as DATA_DIR does. */
export function tempStoreDir(): { dir: string; eventsFile: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recording-'));
  return { dir, eventsFile: path.join(dir, 'events.sqlite'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The store the apps record to: SQLite, each child's data under the child's own key (so a child can be erased). */
export function openEncryptingStore(dir: string): EncryptingEventStore {
  // The tables come from the migrations, as the composition root runs them before a store opens.
  migrateSqlite(path.join(dir, 'events.sqlite'), EVENT_STORE_MIGRATIONS);
  migrateSqlite(path.join(dir, 'keys.sqlite'), KEYRING_MIGRATIONS);
  return new EncryptingEventStore(SqliteEventStore.open(path.join(dir, 'events.sqlite')), openSqliteKeyring(path.join(dir, 'keys.sqlite')));
}

export interface AppendProbe {
  /** appendMany calls, and those refused because another writer got in first. */
  appends: number;
  conflicts: number;
}

/**
 * The store with `beforeAppend` run ahead of each appendMany (another writer getting in between the recorder's
 * read and its append), counting the appends and the conflicts they meet.
 */
export function probedStore(store: EventStore, beforeAppend: (call: number) => Promise<void> = async () => undefined): { store: EventStore; probe: AppendProbe } {
  const probe: AppendProbe = { appends: 0, conflicts: 0 };
  const appendMany = async (appends: StreamAppend[]) => {
    await beforeAppend(++probe.appends);
    try {
      return await store.appendMany(appends);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) probe.conflicts++;
      throw error;
    }
  };
  const proxy = new Proxy(store, {
    get: (target, name) => (name === 'appendMany' ? appendMany : bound(target, name)),
  });
  return { store: proxy, probe };
}

/** One readStream call: the stream, the version read from (0: the whole stream) and how many events came back. */
export interface StreamRead {
  streamId: string;
  fromVersion: number;
  events: number;
}

/** The store with every readStream call noted, in order; `reads.splice(0)` takes (and clears) those made so far. */
export function readCountingStore(store: EventStore): { store: EventStore; reads: StreamRead[] } {
  const reads: StreamRead[] = [];
  const readStream = async (streamId: string, options?: ReadStreamOptions) => {
    const events = await store.readStream(streamId, options);
    reads.push({ streamId, fromVersion: options?.fromVersion ?? 0, events: events.length });
    return events;
  };
  return { store: new Proxy(store, { get: (target, name) => (name === 'readStream' ? readStream : bound(target, name)) }), reads };
}

function bound(target: EventStore, name: string | symbol): unknown {
  const value: unknown = Reflect.get(target, name);
  return typeof value === 'function' ? value.bind(target) : value;
}

/** `days` before TODAY. */
export const daysAgo = (days: number) => addDays(TODAY, -days);

export const joined = (workerId: string, occurredAt = daysAgo(400), eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'WorkerJoined', occurredAt, data: { workerId, teamId: 'T-NORTH', role: 'social_worker', caseHolding: true, agency: false, fte: 1 } });

export const supervised = (workerId: string, occurredAt: string, eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'SupervisionHeld', occurredAt, data: { workerId, supervisorId: 'W-LEAD', durationMinutes: 60, reflective: true } });

export const registered = (childId: string, occurredAt = daysAgo(300), eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'ChildRegistered', occurredAt, data: { childId, birthMonth: '2018-04', disabled: false } });

export const allocated = (childId: string, workerId: string, occurredAt = daysAgo(200), eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'CaseAllocated', occurredAt, data: { childId, workerId, teamId: 'T-NORTH' } });

export const voided = (targetId: string, occurredAt = daysAgo(1), eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'EventVoided', occurredAt, data: { eventId: targetId, reason: 'recorded in error' } });

export const closed = (childId: string, occurredAt = daysAgo(100), eventId: string = randomUUID()) =>
  RecordEventRequest.parse({ eventId, type: 'CaseClosed', occurredAt, data: { childId, reason: 'no further action' } });

export const left = (workerId: string, occurredAt = daysAgo(1), eventId: string = randomUUID()) => RecordEventRequest.parse({ eventId, type: 'WorkerLeft', occurredAt, data: { workerId } });
