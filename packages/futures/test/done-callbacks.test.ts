/** Done callbacks of a Future, mirroring test_futures.py (BaseFutureDoneCallbackTests). */
import { Future } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import { freshLoops, runBriefly, runOnce } from "./support/helpers.js";

const newLoop = freshLoops();

function bagAppender<T>(bag: T[], thing: T): (future: unknown) => void {
  return () => {
    bag.push(thing);
  };
}

describe("Future done callbacks", () => {
  it("run after setResult, not inside it, in registration order (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    f.addDoneCallback(bagAppender(bag, 42));
    f.addDoneCallback(bagAppender(bag, 17));
    expect(bag).toEqual([]);
    f.setResult("foo");
    expect(bag).toEqual([]);
    await runBriefly(loop);
    expect(bag).toEqual([42, 17]);
    expect(f.result()).toBe("foo");
  });

  it("run after setException, not inside it (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_exception)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future({ loop });
    f.addDoneCallback(bagAppender(bag, 100));
    const exc = new Error("boom");
    f.setException(exc);
    expect(bag).toEqual([]);
    await runBriefly(loop);
    expect(bag).toEqual([100]);
    expect(f.exception()).toBe(exc);
  });

  it("run after cancel(), not inside it, and receive the future (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
    const loop = newLoop();
    const seen: unknown[] = [];
    const f = new Future({ loop });
    f.addDoneCallback((future) => seen.push(future));
    f.cancel();
    expect(seen).toEqual([]);
    await runOnce(loop);
    expect(seen).toEqual([f]);
  });

  it("all run in the one iteration after completion, after what was queued before (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
    const loop = newLoop();
    const order: string[] = [];
    const f = new Future({ loop });
    loop.callSoon(() => order.push("before"));
    f.addDoneCallback(() => order.push("cb1"));
    f.addDoneCallback(() => order.push("cb2"));
    f.setResult(1);
    loop.callSoon(() => order.push("after"));
    await runOnce(loop);
    expect(order).toEqual(["before", "cb1", "cb2", "after"]);
  });

  it("added to a finished future, a callback is scheduled, never called synchronously (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_invoked_on_set_result)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future({ loop });
    f.setResult(1);
    f.addDoneCallback(bagAppender(bag, 1));
    expect(bag).toEqual([]);
    await runOnce(loop);
    expect(bag).toEqual([1]);
  });

  it("removing the first callback (twice) leaves the others in order (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_callback)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    const cb1 = bagAppender(bag, 42);
    const cb2 = bagAppender(bag, 17);
    const cb3 = bagAppender(bag, 100);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    f.addDoneCallback(cb3);
    expect(f.removeDoneCallback(cb1)).toBe(1);
    expect(f.removeDoneCallback(cb1)).toBe(0);
    f.setResult("foo");
    await runBriefly(loop);
    expect(bag).toEqual([17, 100]);
    expect(f.result()).toBe("foo");
  });

  it("removing the first and second callbacks leaves the third (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_first_and_second_callback)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    const cb1 = bagAppender(bag, 42);
    const cb2 = bagAppender(bag, 17);
    const cb3 = bagAppender(bag, 100);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    f.addDoneCallback(cb3);
    f.removeDoneCallback(cb1);
    f.removeDoneCallback(cb2);
    f.removeDoneCallback(cb1);
    f.setResult("foo");
    await runBriefly(loop);
    expect(bag).toEqual([100]);
  });

  it("removing the third callback leaves the first two (test_futures.py::BaseFutureDoneCallbackTests::test_callbacks_remove_third_callback)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    const cb1 = bagAppender(bag, 42);
    const cb2 = bagAppender(bag, 17);
    const cb3 = bagAppender(bag, 100);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    f.addDoneCallback(cb3);
    f.removeDoneCallback(cb3);
    f.removeDoneCallback(cb3);
    f.setResult("foo");
    await runBriefly(loop);
    expect(bag).toEqual([42, 17]);
  });

  it("removeDoneCallback returns how many registrations it removed (test_futures.py::BaseFutureDoneCallbackTests::test_remove_done_callback)", async () => {
    const loop = newLoop();
    const bag: number[] = [];
    const f = new Future<string>({ loop });
    const cb1 = bagAppender(bag, 1);
    const cb2 = bagAppender(bag, 2);
    const cb3 = bagAppender(bag, 3);
    f.addDoneCallback(cb1);
    f.addDoneCallback(cb2);
    expect(f.removeDoneCallback(cb2)).toBe(1);
    expect(f.removeDoneCallback(cb3)).toBe(0);
    f.addDoneCallback(cb2);
    for (let i = 0; i < 5; i++) f.addDoneCallback(cb1);
    expect(f.removeDoneCallback(cb1)).toBe(6);
    expect(bag).toEqual([]);
    f.setResult("foo");
    await runBriefly(loop);
    expect(bag).toEqual([2]);
    expect(f.result()).toBe("foo");
  });

  it("a callback that removes others during completion causes no error: the list was snapshotted (test_futures.py::BaseFutureDoneCallbackTests::test_schedule_callbacks_list_mutation_1)", async () => {
    const loop = newLoop();
    const f = new Future({ loop });
    const calls: string[] = [];
    const mutator = (future: Future): void => {
      calls.push("mutator");
      future.removeDoneCallback(mutator);
      future.removeDoneCallback(other);
    };
    const other = (): void => {
      calls.push("other");
    };
    for (let i = 0; i < 4; i++) {
      f.addDoneCallback(mutator);
      f.addDoneCallback(other);
    }
    f.setResult(1);
    await runBriefly(loop);
    expect(calls).toEqual(Array(4).fill(["mutator", "other"]).flat());
  });

  it("addDoneCallback refuses a non-function with a TypeError naming the value (test_futures.py::BaseFutureTests::test_uninitialized)", () => {
    const f = new Future({ loop: newLoop() });
    expect(() => f.addDoneCallback(42 as never)).toThrow(TypeError);
    expect(() => f.addDoneCallback(42 as never)).toThrow(/got 42/);
    f.cancel();
  });
});

describe("Future.then() callbacks", () => {
  it("an error thrown by a then() callback nobody chained on reaches the exception handler (no CPython counterpart: JavaScript's unhandled rejection)", async () => {
    const loop = newLoop();
    const fut = loop.createFuture<number>();
    void fut.then(() => {
      throw new Error("bug in callback");
    });
    const chained = loop.createFuture<number>();
    const handled = chained
      .then(() => {
        throw new Error("handled");
      })
      .catch((error: unknown) => (error as Error).message);
    fut.setResult(1);
    chained.setResult(2);
    await runBriefly(loop);
    expect(await handled).toBe("handled");
    const reported = loop.reported;
    expect(
      reported.map((context) => [context.message, (context.exception as Error).message]),
    ).toEqual([["Exception in a callback given to Future.then()", "bug in callback"]]);
  });
});
