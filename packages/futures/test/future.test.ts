/** Future states, results, errors and repr, mirroring test_futures.py (BaseFutureTests). */
import {
  CancelledError,
  Future,
  InvalidStateError,
  isFuture,
  RuntimeError,
  ValueError,
} from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import { freshLoops, rejection, runBriefly, thrown } from "./support/helpers.js";

const newLoop = freshLoops();

describe("Future states", () => {
  it("is neither done nor cancelled when new (test_futures.py::BaseFutureTests::test_initial_state)", () => {
    const f = new Future({ loop: newLoop() });
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(false);
    f.cancel();
    expect(f.cancelled()).toBe(true);
  });

  it("needs a running loop or { loop } (test_futures.py::BaseFutureTests::test_constructor_without_loop)", () => {
    const error = thrown(() => new Future());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(/no running event loop/);
  });

  it("cancel() of a pending future: cancelled, result()/exception() throw, set_* refused, second cancel() false (test_futures.py::BaseFutureTests::test_cancel)", () => {
    const f = new Future({ loop: newLoop() });
    expect(f.cancel()).toBe(true);
    expect(f.cancelled()).toBe(true);
    expect(f.done()).toBe(true);
    expect(thrown(() => f.result())).toBeInstanceOf(CancelledError);
    expect(thrown(() => f.exception())).toBeInstanceOf(CancelledError);
    expect(thrown(() => f.setResult(null))).toBeInstanceOf(InvalidStateError);
    expect(thrown(() => f.setException(null))).toBeInstanceOf(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  it("result(): not ready while pending, then the value (test_futures.py::BaseFutureTests::test_result)", () => {
    const f = new Future<number>({ loop: newLoop() });
    const notReady = thrown(() => f.result());
    expect(notReady).toBeInstanceOf(InvalidStateError);
    expect((notReady as Error).message).toBe("Result is not ready.");
    f.setResult(42);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(f.result()).toBe(42);
    expect(f.exception()).toBeNull();
    const again = thrown(() => f.setResult(43));
    expect(again).toBeInstanceOf(InvalidStateError);
    expect((again as Error).message).toMatch(/^FINISHED: <Future finished result=42>/);
    expect(thrown(() => f.setException(new Error("x")))).toBeInstanceOf(InvalidStateError);
    expect(f.cancel()).toBe(false);
    expect(f.result()).toBe(42);
  });

  it("exception(): not set while pending, then the very error; result() re-throws it (test_futures.py::BaseFutureTests::test_exception)", () => {
    const exc = new RuntimeError("boom");
    const f = new Future({ loop: newLoop() });
    const notSet = thrown(() => f.exception());
    expect(notSet).toBeInstanceOf(InvalidStateError);
    expect((notSet as Error).message).toBe("Exception is not set.");
    f.setException(exc);
    expect(f.cancelled()).toBe(false);
    expect(f.done()).toBe(true);
    expect(thrown(() => f.result())).toBe(exc);
    expect(f.exception()).toBe(exc);
    expect(thrown(() => f.setResult(null))).toBeInstanceOf(InvalidStateError);
    expect(thrown(() => f.setException(null))).toBeInstanceOf(InvalidStateError);
    expect(f.cancel()).toBe(false);
  });

  it("setException() refuses what isn't an exception (test_futures.py::BaseFutureTests::test_exception; futures.py::Future::set_exception, 'invalid exception object')", () => {
    const f = new Future({ loop: newLoop() });
    for (const [value, shown] of [
      ["str", '"str"'],
      [undefined, "undefined"],
      [null, "null"],
      [0, "0"],
    ] as const) {
      const error = thrown(() => f.setException(value));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(`invalid exception object: ${shown}`);
    }
    expect(f.done()).toBe(false);
    // Any object thrown as an error is accepted, as JavaScript lets anything be thrown.
    const thrownObject = { reason: "custom" };
    f.setException(thrownObject);
    expect(f.exception()).toBe(thrownObject);
  });

  it("a loop option that isn't an event loop is a TypeError naming it (test_futures.py::BaseFutureTests::test_constructor_positional)", () => {
    const error = thrown(() => new Future({ loop: 5 as never }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("Future() loop must be an event loop, got 5");
    const badOptions = thrown(() => new Future(7 as never));
    expect((badOptions as Error).message).toBe("Future() options must be an object, got 7");
  });

  it("setException(ErrorClass) stores an instance of that class (test_futures.py::BaseFutureTests::test_exception_class)", () => {
    const f = new Future({ loop: newLoop() });
    f.setException(ValueError);
    const stored = f.exception();
    expect(stored).toBeInstanceOf(ValueError);
    expect(thrown(() => f.result())).toBe(stored);
  });

  it("cancel(msg) keeps the message; awaiting raises CancelledError(msg), every time (test_futures.py::BaseFutureTests::test_future_cancel_message_getter)", async () => {
    const loop = newLoop();
    const f = new Future({ loop });
    expect(f._cancelMessage).toBeUndefined();
    f.cancel("my message");
    const error = await rejection(loop.runUntilComplete(f));
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("my message");
    expect(f._cancelMessage).toBe("my message");
    // A plain Future has no saved instance: each call makes a fresh error with the message.
    const first = thrown(() => f.result());
    const second = thrown(() => f.result());
    expect(first).not.toBe(second);
    expect((first as Error).message).toBe("my message");
    expect((second as Error).message).toBe("my message");
    expect((thrown(() => f.exception()) as Error).message).toBe("my message");
  });

  it("cancel() without a message gives an empty message (test_futures.py::BaseFutureTests::test_future_cancel_message_getter)", () => {
    const f = new Future({ loop: newLoop() });
    f.cancel();
    const error = thrown(() => f.result()) as CancelledError;
    expect(error.name).toBe("CancelledError");
    expect(error.message).toBe("");
  });

  it("then() chains like a Promise outside any task (test_futures.py::BaseFutureTests::test_constructor_use_running_loop)", async () => {
    const loop = newLoop();
    const f = new Future<number>({ loop });
    const doubled = f.then((value) => value * 2);
    const failed = new Future<number>({ loop });
    const recovered = failed.then(undefined, (error: unknown) => (error as Error).message);
    loop.callSoon(() => {
      f.setResult(21);
      failed.setException(new Error("nope"));
    });
    await runBriefly(loop);
    await expect(doubled).resolves.toBe(42);
    await expect(recovered).resolves.toBe("nope");
    await expect(Promise.all([f, f.then(String)])).resolves.toEqual([21, "21"]);
  });

  it("toString() shows the state as Python's repr does (test_futures.py::BaseFutureTests::test_future_repr)", () => {
    const loop = newLoop();
    const pending = new Future({ loop });
    expect(String(pending)).toBe("<Future pending>");
    pending.cancel();
    expect(String(pending)).toBe("<Future cancelled>");
    const withResult = new Future({ loop });
    withResult.setResult(4);
    expect(String(withResult)).toBe("<Future finished result=4>");
    const withException = new Future({ loop });
    withException.setException(new RuntimeError());
    expect(String(withException)).toBe("<Future finished exception=RuntimeError>");
    withException.exception();
  });

  it("a subclass shows its own name (test_futures.py::CSubFutureTests::test_future_repr)", () => {
    class MyFuture<T> extends Future<T> {}
    const f = new MyFuture<number>({ loop: newLoop() });
    expect(String(f)).toBe("<MyFuture pending>");
    expect(isFuture(f)).toBe(true);
    f.setResult(1);
    expect(String(f)).toBe("<MyFuture finished result=1>");
  });

  it("awaiting a future from plain code outside any task works too (test_futures.py::BaseFutureTests::test_constructor_use_running_loop)", async () => {
    const loop = newLoop();
    const f = new Future<string>({ loop });
    loop.callSoon(() => f.setResult("ok"));
    await expect(loop.runUntilComplete(f)).resolves.toBe("ok");
    await expect(f).resolves.toBe("ok");
  });
});
