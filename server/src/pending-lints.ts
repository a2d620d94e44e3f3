/**
 * Which documents have a lint scheduled or running, so a request about a document (its CodeLenses)
 * can wait for the lint of the version the editor just sent instead of linting it a second time.
 */
export class PendingLints {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();
  /** Waiting for no lint at all to be scheduled or running (background work yields to lints). */
  private allWaiters: (() => void)[] = [];

  /** A lint of `uri` was scheduled. */
  begin(uri: string): void {
    this.counts.set(uri, (this.counts.get(uri) ?? 0) + 1);
  }

  /** A lint of `uri` finished, failed or was cancelled. */
  end(uri: string): void {
    const count = (this.counts.get(uri) ?? 0) - 1;
    if (count > 0) {
      this.counts.set(uri, count);
      return;
    }
    this.counts.delete(uri);
    this.wake(uri);
    if (this.counts.size === 0) this.wakeAll();
  }

  /** Whether a lint of any document is scheduled or running. */
  any(): boolean {
    return this.counts.size > 0;
  }

  /** Resolves once no lint of any document is scheduled or running. */
  allIdle(): Promise<void> {
    if (this.counts.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.allWaiters.push(resolve));
  }

  /** Resolves once no lint of `uri` is scheduled or running. */
  idle(uri: string): Promise<void> {
    if (!this.counts.has(uri)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(uri) ?? [];
      list.push(resolve);
      this.waiters.set(uri, list);
    });
  }

  /** Lets every waiter go (shutdown): they answer from what is there. */
  clear(): void {
    this.counts.clear();
    for (const uri of [...this.waiters.keys()]) this.wake(uri);
    this.wakeAll();
  }

  private wakeAll(): void {
    const list = this.allWaiters;
    this.allWaiters = [];
    for (const resolve of list) resolve();
  }

  private wake(uri: string): void {
    const list = this.waiters.get(uri);
    this.waiters.delete(uri);
    for (const resolve of list ?? []) resolve();
  }
}
