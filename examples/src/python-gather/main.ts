/**
 * The "Running Tasks Concurrently" program of Python's asyncio documentation, ported line by
 * line through `@asyncio/compat` from ./main.py beside it: `gather` runs three factorials as
 * concurrent tasks, which take turns at every `sleep(1)`, and returns their results in the order
 * they were given.
 *
 * Two things change in the port. Python's `factorial("A", 2)` makes a coroutine that waits to be
 * scheduled, while calling an `async` function starts it at once, so `gather` is given the calls
 * as zero-argument functions and starts each in a task of its own, as Python does. And
 * `print(L)` spells the list the way Python does.
 *
 * Shows: `asyncio.run`, `asyncio.gather`, `asyncio.sleep` under Python's names.
 *
 * Run it with `node examples/dist/python-gather/main.js` (and `python3
 * examples/src/python-gather/main.py` for the original).
 */
import * as asyncio from "@asyncio/compat";

async function factorial(name: string, number: number): Promise<number> {
  let f = 1;
  for (let i = 2; i < number + 1; i++) {
    console.log(`Task ${name}: Compute factorial(${number}), currently i=${i}...`);
    await asyncio.sleep(1);
    f *= i;
  }
  console.log(`Task ${name}: factorial(${number}) = ${f}`);
  return f;
}

async function main(): Promise<void> {
  // Schedule three calls *concurrently*:
  const L = await asyncio.gather(
    () => factorial("A", 2),
    () => factorial("B", 3),
    () => factorial("C", 4),
  );
  console.log(`[${L.join(", ")}]`);
}

await asyncio.run(main);
