// Keys due at instants, earliest first, for the backtest's memory stores: applications by
// next_evaluation_at, notifications by scheduled_for. Ties come out in the order they were queued.
// Re-queueing a key replaces its earlier place (the stale heap entry is skipped when it surfaces).

interface Entry<K> {
  at: number;
  seq: number;
  key: K;
}

export class DueQueue<K> {
  private readonly heap: Array<Entry<K>> = [];
  private readonly current = new Map<K, number>();
  private seq = 0;

  /** Queues `key` at `at` (ms), or takes it out of the queue (null). */
  set(key: K, at: number | null): void {
    if (at === null) {
      this.current.delete(key);
      return;
    }
    const entry = { at, seq: (this.seq += 1), key };
    this.current.set(key, entry.seq);
    this.push(entry);
  }

  /** The earliest instant queued, or null. */
  peek(): number | null {
    this.dropStale();
    return this.heap.length > 0 ? this.heap[0].at : null;
  }

  /** Takes out up to `max` keys due at or before `limit`, earliest first. */
  takeDue(limit: number, max = Infinity): K[] {
    const taken: K[] = [];
    while (taken.length < max) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.at > limit) break;
      this.pop();
      this.current.delete(top.key);
      taken.push(top.key);
    }
    return taken;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.current.get(this.heap[0].key) !== this.heap[0].seq) this.pop();
  }

  private before(a: Entry<K>, b: Entry<K>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry<K>): void {
    const heap = this.heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && this.before(heap[right], heap[smallest])) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}
