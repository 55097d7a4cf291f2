// Group commit: deliveries that arrive within a few milliseconds of each other are stored in one
// transaction, so they share one WAL flush. Each caller's promise settles only after the commit that
// holds its events (a 2xx still means durable), with its own result.

export interface GroupCommitOptions {
  /** How long the first delivery of a batch waits for company. */
  maxWaitMs: number;
  /** A batch this large goes at once. */
  maxBatch: number;
  /** Batches running at once, each on its own connection. */
  maxInFlight: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/** One item's own result: its value, or the error that failed it alone. */
export type Settled<O> = { value: O } | { error: unknown };

/**
 * Collects items and hands them to `run` in batches; `run` answers one settled result per item, in
 * order, or throws to fail the whole batch.
 */
export class GroupCommit<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<Array<Settled<O>>>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    // Over the cap, the queue keeps growing and goes as one batch when a running one ends.
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.execute(batch);
    }
  }

  private async execute(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const result = results[index];
        if ('value' in result) pending.resolve(result.value);
        else pending.reject(result.error);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.inFlight -= 1;
      if (this.queue.length > 0) this.flush();
    }
  }
}
