/**
 * The three shapes of task body the library accepts — a plain `async` function, a `coroutine()`
 * object, a function returning a Promise — each checking that it runs inside a task. The tests
 * that every API takes all three (here and in `@asyncio/core`'s runner tests) loop over them.
 */
import { coroutine, currentTask, sleep, type Task } from "@asyncio/tasks";

/** What a body sees of its task: there is one, and it is a task of the running loop. */
function seenTask(): Task<unknown> {
  const task = currentTask();
  if (task === null) throw new Error("not inside a task");
  return task;
}

const asPlainAsync = (value: string) => async () => {
  seenTask();
  await sleep(0.1);
  return value;
};
const asCoroutine = (value: string) =>
  coroutine(async () => {
    seenTask();
    await sleep(0.1);
    return value;
  })();
const asPromiseReturning = (value: string) => () =>
  sleep(0.1).then(() => {
    seenTask();
    return value;
  });

/** `[description, make]`: `make(value)` is a body of that kind that returns `value`. */
export const BODY_KINDS = [
  ["a plain async function", asPlainAsync],
  ["a coroutine()", asCoroutine],
  ["a function returning a Promise", asPromiseReturning],
] as const;
