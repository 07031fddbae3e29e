/**
 * Runs work for a set of streams at a time within this process. Optimistic
 * concurrency (the expected version) still guards against other processes; this
 * only stops requests in the same process from racing each other into retries.
 */
export class StreamLocks {
  private tails = new Map<string, Promise<unknown>>();

  /** Runs `work` once every stream in `streamIds` is free, holding them all until it settles. */
  run<T>(streamIds: Iterable<string>, work: () => Promise<T>): Promise<T> {
    const ids = [...new Set(streamIds)];
    const previous = Promise.all(ids.map((id) => this.tails.get(id)));
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    for (const id of ids) this.tails.set(id, tail);
    void tail.then(() => {
      for (const id of ids) if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return result;
  }
}
