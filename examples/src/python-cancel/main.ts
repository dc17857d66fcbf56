/**
 * The `Task.cancel()` program of Python's asyncio documentation, ported line by line through
 * `@asyncio/compat` from ./main.py beside it: a task asleep for an hour is cancelled after a
 * second. The `CancelledError` is thrown at the `await` where the task sleeps, its `catch` and
 * `finally` run, and the task that awaits it sees the `CancelledError` too. The process exits at
 * once: the hour-long timer went with the cancelled sleep.
 *
 * Two things change in the port. Python's `cancel_me()` makes a coroutine that waits to be
 * scheduled, while calling an `async` function starts it at once, so `create_task` is given the
 * function itself and starts it inside the new task, as Python does. And `except
 * CancelledError:` becomes a `catch` that tests the error's class and re-throws anything else.
 *
 * Shows: `asyncio.create_task`, `task.cancel()`, `asyncio.CancelledError` under Python's names.
 *
 * Run it with `node examples/dist/python-cancel/main.js` (and `python3
 * examples/src/python-cancel/main.py` for the original).
 */
import * as asyncio from "@asyncio/compat";

async function cancel_me(): Promise<void> {
  console.log("cancel_me(): before sleep");

  try {
    // Wait for 1 hour
    await asyncio.sleep(3600);
  } catch (error) {
    if (error instanceof asyncio.CancelledError) {
      console.log("cancel_me(): cancel sleep");
    }
    throw error; // Python's bare `raise`: the cancellation goes on
  } finally {
    console.log("cancel_me(): after sleep");
  }
}

async function main(): Promise<void> {
  // Create a "cancel_me" Task
  const task = asyncio.create_task(cancel_me);

  // Wait for 1 second
  await asyncio.sleep(1);

  task.cancel();
  try {
    await task;
  } catch (error) {
    if (!(error instanceof asyncio.CancelledError)) throw error;
    console.log("main(): cancel_me is cancelled now");
  }
}

await asyncio.run(main);
