/**
 * Runs work for one stream at a time within this process. Optimistic concurrency
 * (the expected version) still guards against other processes; this only stops
 * requests in the same process from racing each other into retries.
 */
export class StreamLocks {
  private tails = new Map<string, Promise<unknown>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }
}
