/**
 * The report's collection between checking and writing (src/cli/memory.ts) really collects: an object nothing
 * refers to any more is gone once it returns.
 */
import { collectGarbage } from '../../src/cli/memory';

test('an object no longer referred to is collected', async () => {
  let held: { rows: number[] } | null = { rows: Array.from({ length: 100_000 }, (_, i) => i) };
  const ref = new WeakRef(held);
  held = null;
  // A WeakRef keeps its target for the rest of the job that made it.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});

test('a second call is as good as the first', async () => {
  collectGarbage();
  let held: object | null = { n: 1 };
  const ref = new WeakRef(held);
  held = null;
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});
