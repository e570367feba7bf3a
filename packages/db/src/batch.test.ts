import { describe, expect, it } from 'vitest';
import { createBatcher } from './batch.ts';

/** A `run` whose batches the test releases by hand, recording what each batch held. */
function gatedRun() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run = async (items: number[]) => {
    batches.push(items);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((open) => gates.push(open));
    running -= 1;
    if (items.includes(13)) throw new Error('13 is refused');
    return items.map((n) => n * 10);
  };
  const releaseAll = async () => {
    while (gates.length) {
      for (const open of gates.splice(0)) open();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { run, batches, releaseAll, mostAtOnce: () => mostAtOnce };
}

describe('createBatcher', () => {
  it('sends an item at once when nothing is in flight', async () => {
    const g = gatedRun();
    const batcher = createBatcher(g.run, { maxBatch: 10, maxInFlight: 1 });
    const answer = batcher.submit(1);
    expect(g.batches).toEqual([[1]]);
    await g.releaseAll();
    expect(await answer).toBe(10);
  });

  it('sends what arrives meanwhile as the next batch, in order, each caller getting its own answer', async () => {
    const g = gatedRun();
    const batcher = createBatcher(g.run, { maxBatch: 10, maxInFlight: 1 });
    const answers = [1, 2, 3, 4].map((n) => batcher.submit(n));
    expect(g.batches).toEqual([[1]]);
    await g.releaseAll();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps to the batch size and to the batches in flight', async () => {
    const g = gatedRun();
    const batcher = createBatcher(g.run, { maxBatch: 3, maxInFlight: 2 });
    const answers = Array.from({ length: 12 }, (_, i) => batcher.submit(i));
    await g.releaseAll();
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 12 }, (_, i) => i * 10));
    expect(g.batches).toEqual([[0], [1], [2, 3, 4], [5, 6, 7], [8, 9, 10], [11]]);
    expect(g.mostAtOnce()).toBe(2);
  });

  it('fails only the item the database refuses: a failed batch is retried item by item', async () => {
    const g = gatedRun();
    const batcher = createBatcher(g.run, { maxBatch: 10, maxInFlight: 1 });
    const answers = [1, 12, 13, 14].map((n) => batcher.submit(n).catch((err: Error) => err.message));
    await g.releaseAll();
    expect(await Promise.all(answers)).toEqual([10, 120, '13 is refused', 140]);
    expect(g.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('refuses a run that answers the wrong number of results', async () => {
    const batcher = createBatcher(async (items: number[]) => items.slice(1), { maxBatch: 10, maxInFlight: 1 });
    await expect(batcher.submit(1)).rejects.toThrow('batch of 1 answered 0 results');
  });
});
