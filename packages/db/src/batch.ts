/**
 * Group commit for a hot write: items submitted while a batch is at the database wait and go together
 * as the next batch, so N concurrent requests cost one statement, one round trip and one commit instead
 * of N. An item that arrives while nothing is in flight is sent at once: an idle server adds no delay.
 */
export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

export interface BatcherOptions {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches at the database at once (at most that many pooled connections are used). */
  maxInFlight: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * `run` gets the items of one batch and answers one result per item, in the same order, or throws.
 * When a batch of several fails, each of its items is run again alone, so one item the database
 * refuses fails only its own caller (`run` must be all-or-nothing: one statement or one transaction).
 */
export function createBatcher<I, O>(run: (items: I[]) => Promise<O[]>, opts: BatcherOptions): Batcher<I, O> {
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;

  const settle = async (batch: Pending<I, O>[]): Promise<void> => {
    try {
      const out = await run(batch.map((p) => p.item));
      if (out.length !== batch.length) throw new Error(`batch of ${batch.length} answered ${out.length} results`);
      for (const [i, p] of batch.entries()) p.resolve(out[i] as O);
    } catch (err) {
      if (batch.length === 1) batch[0]?.reject(err);
      // One after another, within this batch's place among those in flight (and its pool connection).
      else for (const p of batch) await settle([p]);
    }
  };

  const pump = (): void => {
    while (inFlight < opts.maxInFlight && queue.length) {
      const batch = queue.splice(0, opts.maxBatch);
      inFlight += 1;
      void settle(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
