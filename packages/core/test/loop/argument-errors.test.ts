/**
 * Bad arguments to the scheduling methods: clear errors naming the value, and a loop that keeps
 * working afterwards (test_base_events.py::BaseEventLoopTests).
 */
import { RuntimeError, ValueError } from "@asyncio/futures";
import { coroutine } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import { type LoopUnderTest, newTestLoop, runOnce } from "./helpers.js";

let current: LoopUnderTest;

function setUp(): LoopUnderTest {
  current = newTestLoop();
  return current;
}

afterEach(() => {
  if (!current.loop.isRunning()) current.loop.close();
});

/** The loop still runs callbacks: none of the refused calls left anything behind. */
async function expectStillWorks(current: LoopUnderTest): Promise<void> {
  const ran: string[] = [];
  current.loop.callSoon(() => ran.push("soon"));
  current.loop.callLater(0, () => ran.push("later"));
  await runOnce(current.loop);
  expect(ran).toEqual(["soon", "later"]);
}

describe("argument errors", () => {
  it("callSoon(notAFunction) raises TypeError naming the value (test_base_events.py::BaseEventLoopTests::test_call_soon_non_callable)", async () => {
    const made = setUp();
    const { loop } = made;
    expect(() => loop.callSoon(42 as never)).toThrow(TypeError);
    expect(() => loop.callSoon(42 as never)).toThrow(
      "a callable object was expected by callSoon(), got 42",
    );
    expect(() => loop.callSoon("print" as never)).toThrow(/got "print"/);
    expect(() => loop.callSoonThreadsafe(null as never)).toThrow(TypeError);
    expect(() => loop.callLater(1, {} as never)).toThrow(
      /a callable object was expected by callLater\(\)/,
    );
    expect(() => loop.callAt(1, undefined as never)).toThrow(
      /a callable object was expected by callAt\(\), got undefined/,
    );
    await expectStillWorks(made);
  });

  it("a coroutine object is refused: 'coroutines cannot be used with callSoon()' (test_base_events.py::BaseEventLoopTests::test_call_coroutine)", async () => {
    const made = setUp();
    const { loop } = made;
    const simpleCoroutine = coroutine(async () => undefined);
    const coro = simpleCoroutine();
    expect(() => loop.callSoon(coro as never)).toThrow(TypeError);
    expect(() => loop.callSoon(coro as never)).toThrow("coroutines cannot be used with callSoon()");
    expect(() => loop.callSoonThreadsafe(coro as never)).toThrow(
      /coroutines cannot be used with callSoon/,
    );
    expect(() => loop.callLater(60, coro as never)).toThrow(
      "coroutines cannot be used with callLater()",
    );
    expect(() => loop.callAt(loop.time() + 60, coro as never)).toThrow(
      "coroutines cannot be used with callAt()",
    );
    await expectStillWorks(made);
  });

  it("callLater('x', cb) raises TypeError naming the value (test_base_events.py::BaseEventLoopTests::test_call_later)", async () => {
    const made = setUp();
    const { loop } = made;
    const cb = (): void => undefined;
    expect(() => loop.callLater("x" as never, cb)).toThrow(TypeError);
    expect(() => loop.callLater("x" as never, cb)).toThrow(
      'callLater() delay must be a number of seconds, got "x"',
    );
    expect(() => loop.callLater(null as never, cb)).toThrow(/got null/);
    expect(() => loop.callAt("soon" as never, cb)).toThrow(
      'callAt() when must be a number of seconds, got "soon"',
    );
    await expectStillWorks(made);
  });

  it("callLater(NaN) and callAt(NaN) raise ValueError (test_base_events.py::BaseEventLoopTests::test_time_and_call_at)", async () => {
    const made = setUp();
    const { loop } = made;
    const cb = (): void => undefined;
    expect(() => loop.callLater(Number.NaN, cb)).toThrow(ValueError);
    expect(() => loop.callLater(Number.NaN, cb)).toThrow("callLater() delay must not be NaN");
    expect(() => loop.callAt(Number.NaN, cb)).toThrow(ValueError);
    expect(() => loop.callAt(Number.NaN, cb)).toThrow("callAt() when must not be NaN");
    await expectStillWorks(made);
  });

  it("a bad argument on a closed loop is still reported as the bad argument (test_base_events.py::BaseEventLoopTests::test_close)", () => {
    const { loop } = setUp();
    loop.close();
    expect(() => loop.callSoon(42 as never)).toThrow(TypeError);
    expect(() => loop.callSoon(() => undefined)).toThrow(RuntimeError);
  });
});
