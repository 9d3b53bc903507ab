// One git operation on the main repository at a time: parallel `git worktree add` races on
// .git/config.lock, and a merge must never overlap another merge or a worktree being created from the
// head it is moving. A failed step does not stop the queue: the next one still runs.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(step: () => Promise<T>): Promise<T> {
    const result = this.tail.then(step, step);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
