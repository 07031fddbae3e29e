import { randomBytes } from 'node:crypto';
import { KEY_BYTES } from './envelope.js';

export interface ErasureDetails {
  /** The legal ground, e.g. "UK GDPR art. 17 request, ref DPO-2026-014". Never subject data. */
  reason: string;
  /** The actor who authorised it. */
  erasedBy: string;
  /** ISO date-time. */
  erasedAt: string;
}

/** The tombstone left when a key is destroyed: enough to say who erased what and why, no key material. */
export interface ErasureRecord extends ErasureDetails {
  childId: string;
}

/** What is stored for a child: its key, or that it was erased. A child with neither is absent. */
export type KeyState = Buffer | 'erased';

/** Where keys and tombstones live (a SQLite file, PostgreSQL tables). */
export interface KeyStorage {
  /** The state of each child that has a key or an erasure; the others are absent from the map. */
  read(childIds: string[]): Promise<Map<string, KeyState>>;
  /**
   * Stores these new keys for the children that have neither a key nor an erasure (a
   * concurrent creator's key wins over ours), then returns every one's stored state.
   */
  create(newKeys: Map<string, Buffer>): Promise<Map<string, KeyState>>;
  /**
   * Destroys the key and records the tombstone atomically, then purges the freed bytes
   * where the storage can. Erasing again returns the first tombstone and purges again.
   */
  erase(record: ErasureRecord): Promise<ErasureRecord>;
  erasure(childId: string): Promise<ErasureRecord | undefined>;
  /** How many erasures were ever recorded: it changes whenever any process erases a child. */
  erasureCount(): Promise<number>;
  close(): Promise<void>;
}

export interface KeyringOptions {
  /** Keys held in memory at most; the least recently used are dropped first. */
  cacheSize?: number;
}

/** About 32 bytes each: a mid-size LA's children in a year (~5,000) fit several times over. */
const DEFAULT_CACHE_SIZE = 20_000;

/**
 * One random AES-256 key per child, created on first use, destroyed by `erase`.
 *
 * Keys stay in memory only in a small LRU cache. Every lookup first asks the storage how
 * many erasures exist (one tiny query) and drops the cache when that changed, so an
 * erasure made by another process (a second API instance, the CLI) takes effect on this
 * process's next read or append, not when the cache happens to evict the key.
 */
export class ChildKeyring {
  private readonly cache = new Map<string, KeyState>();
  private readonly cacheSize: number;
  private knownErasures = -1;
  /** The erasure count being read: concurrent lookups (a batch reads hundreds of streams at once) share one query. */
  private counting?: Promise<number>;
  /** Bumped whenever the cache is dropped: a storage read begun before then must not refill it. */
  private epoch = 0;
  private closed = false;

  constructor(
    private readonly storage: KeyStorage,
    options: KeyringOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  }

  /** Keys (or erasures) for reading; children with neither are absent (never encrypted anything). */
  async statesFor(childIds: string[]): Promise<Map<string, KeyState>> {
    await this.dropCacheIfErased();
    const states = new Map<string, KeyState>();
    const missing: string[] = [];
    for (const id of new Set(childIds)) {
      const cached = this.fromCache(id);
      if (cached) states.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) this.merge(states, await this.load(() => this.storage.read(missing)));
    return states;
  }

  /** Like `statesFor`, but creates a key for every child that has neither a key nor an erasure. */
  async statesForAppend(childIds: string[]): Promise<Map<string, KeyState>> {
    const states = await this.statesFor(childIds);
    const missing = [...new Set(childIds)].filter((id) => !states.has(id));
    if (missing.length === 0) return states;
    const newKeys = new Map(missing.map((id) => [id, randomBytes(KEY_BYTES)]));
    this.merge(states, await this.load(() => this.storage.create(newKeys)));
    for (const id of missing) if (!states.has(id)) throw new Error(`keyring: no key stored for child ${id}`);
    return states;
  }

  /** Destroys the child's key irreversibly and records the tombstone (idempotent: a second call returns the first record). */
  async erase(childId: string, details: ErasureDetails): Promise<ErasureRecord> {
    assertDetails(details);
    this.dropCache();
    try {
      return await this.storage.erase({ childId, reason: details.reason, erasedBy: details.erasedBy, erasedAt: details.erasedAt });
    } finally {
      // Also after a failure: the key may be gone even if purging its bytes failed.
      this.dropCache();
    }
  }

  erasure(childId: string): Promise<ErasureRecord | undefined> {
    return this.storage.erasure(childId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dropCache();
    await this.storage.close();
  }

  private async dropCacheIfErased(): Promise<void> {
    this.counting ??= this.storage.erasureCount().finally(() => (this.counting = undefined));
    const count = await this.counting;
    if (count !== this.knownErasures) {
      this.dropCache();
      this.knownErasures = count;
    }
  }

  /** Runs a storage read and caches its result, unless the cache was dropped meanwhile (an erase overtook it). */
  private async load(read: () => Promise<Map<string, KeyState>>): Promise<Map<string, KeyState>> {
    const epoch = this.epoch;
    const states = await read();
    if (epoch === this.epoch) for (const [id, state] of states) this.remember(id, state);
    return states;
  }

  private merge(into: Map<string, KeyState>, from: Map<string, KeyState>): void {
    for (const [id, state] of from) into.set(id, state);
  }

  private fromCache(id: string): KeyState | undefined {
    const state = this.cache.get(id);
    if (state === undefined) return undefined;
    // Re-inserting moves the entry to the end: Map order is the LRU order.
    this.cache.delete(id);
    this.cache.set(id, state);
    return state;
  }

  private remember(id: string, state: KeyState): void {
    this.cache.delete(id);
    this.cache.set(id, state);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private dropCache(): void {
    this.cache.clear();
    this.epoch++;
  }
}

function assertDetails(details: ErasureDetails): void {
  for (const field of ['reason', 'erasedBy', 'erasedAt'] as const) {
    if (typeof details[field] !== 'string' || details[field].trim() === '') throw new Error(`erase: ${field} is required`);
  }
  if (Number.isNaN(Date.parse(details.erasedAt))) throw new Error(`erase: erasedAt is not a date-time: ${details.erasedAt}`);
}
