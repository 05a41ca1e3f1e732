import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemorySampler, summarise } from './memory';

const MB = 1024 * 1024;

// A step's heap as the sampler sees it: garbage piles up between collections and a full one drops it
// to what is alive. Whether memory grows with the events is a question about what is alive.
const sample = (t: number, heapMb: number, afterFullGc = false) => ({ t, rss: 500 * MB, heap: heapMb * MB, afterFullGc });

it('a step whose live heap stays flat shows no growth, however high its garbage piled up late in the step', () => {
  const memory = summarise([
    sample(0, 100),
    sample(100, 180),
    sample(200, 120, true),
    sample(300, 160),
    sample(600, 400), // garbage: a full collection came late this time
    sample(700, 118, true),
    sample(800, 150),
  ]);
  expect(memory.heapGrowthOn).toBe('after full collections');
  expect(memory.heapGrowthMb).toBe(-2);
  expect(memory.peakHeapMb).toBe(400);
});

it('a step whose live heap grows shows it', () => {
  const memory = summarise([sample(0, 100), sample(200, 120, true), sample(600, 190), sample(700, 200, true), sample(800, 210)]);
  expect(memory).toMatchObject({ heapGrowthOn: 'after full collections', heapGrowthMb: 80 });
});

it('without a full collection in each half the highest heaps are compared, and the report says so', () => {
  const memory = summarise([sample(0, 100), sample(200, 120, true), sample(600, 190), sample(800, 150)]);
  expect(memory).toMatchObject({ heapGrowthOn: 'peaks', heapGrowthMb: 70 });
});

it('the sampler takes the heap right after each full collection', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Its own clock, so that which half a sample falls in does not depend on how busy the machine is;
  // no interval sample within the test (a minute apart).
  let clock = 0;
  const sampler = new MemorySampler(60_000, () => clock).start();
  // Node reports a collection to its observers on the loop's next turn (setImmediate), well within the waits.
  gc();
  await new Promise((r) => setTimeout(r, 50));
  clock = 150;
  gc();
  await new Promise((r) => setTimeout(r, 50));
  clock = 200;
  // Both halves of the step (0–100, 100–200) had a full collection: the growth is measured on what they left.
  expect(sampler.stop().heapGrowthOn).toBe('after full collections');
});
