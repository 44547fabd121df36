import { strict as assert } from 'node:assert';
import { runInLanes } from '../../src/core/slices';

describe('runInLanes', () => {
  const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('runs every task once, at most `lanes` at a time', async () => {
    const ran: number[] = [];
    let inFlight = 0;
    let most = 0;
    await runInLanes(3, 10, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 5));
      ran.push(i);
      inFlight--;
    }, pause);
    assert.deepEqual([...ran].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(most, 3);
  });

  it('takes no new task once stop() is true', async () => {
    const ran: number[] = [];
    await runInLanes(2, 10, async (i) => void ran.push(i), pause, () => ran.length >= 4);
    assert.deepEqual([...ran].sort((a, b) => a - b), [0, 1, 2, 3]);
  });
});
