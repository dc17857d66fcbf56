/**
 * The shared error classes, without a loop: names, messages, causes, the `isX` guards (also for
 * errors from another copy of this package), and ExceptionGroup's subgroup/split, mirroring
 * test_futures.py, test_exceptions.py and test_exception_group.py.
 */
import {
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  isCancelledError,
  isExceptionGroup,
  isExitError,
  isInvalidStateError,
  isLookupError,
  isRuntimeError,
  isTimeoutError,
  isValueError,
  KeyboardInterrupt,
  LookupError,
  RuntimeError,
  SystemExit,
  TimeoutError,
  ValueError,
} from "@asyncio/futures";
import { makeCancelledError } from "@asyncio/futures/contract";
import { describe, expect, it } from "vitest";

describe("error classes", () => {
  it("carry Python's names and are Errors (test_asyncio/test_futures.py::BaseFutureTests::test_cancel)", () => {
    const cases: [Error, string][] = [
      [new CancelledError(), "CancelledError"],
      [new InvalidStateError("x"), "InvalidStateError"],
      [new TimeoutError("x"), "TimeoutError"],
      [new RuntimeError("x"), "RuntimeError"],
      [new ValueError("x"), "ValueError"],
      [new LookupError("x"), "LookupError"],
      [new KeyboardInterrupt(), "KeyboardInterrupt"],
      [new SystemExit(), "SystemExit"],
      [new ExceptionGroup("eg", [new Error("a")]), "ExceptionGroup"],
      [new BaseExceptionGroup("beg", [new Error("a")]), "BaseExceptionGroup"],
    ];
    for (const [error, name] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(String(error).startsWith(name)).toBe(true);
    }
  });

  it("CancelledError() has an empty message; a message and a cause pass through (test_asyncio/test_tasks.py::BaseTaskTests::test_cancel_with_message_then_future_result)", () => {
    expect(new CancelledError().message).toBe("");
    const cause = new Error("why");
    const error = new CancelledError("bye", { cause });
    expect(error.message).toBe("bye");
    expect(error.cause).toBe(cause);
    const made = makeCancelledError("m");
    expect(made).toBeInstanceOf(CancelledError);
    expect(made.message).toBe("m");
    expect(makeCancelledError().message).toBe("");
  });

  it("SystemExit keeps its code; KeyboardInterrupt and SystemExit are exit errors (test_asyncio/test_tasks.py::BaseTaskTests::test_baseexception_during_cancel)", () => {
    expect(new SystemExit().code).toBeNull();
    expect(new SystemExit(3).code).toBe(3);
    expect(new SystemExit(3).message).toBe("3");
    expect(new SystemExit("bye").code).toBe("bye");
    expect(isExitError(new SystemExit(1))).toBe(true);
    expect(isExitError(new KeyboardInterrupt())).toBe(true);
    expect(isExitError(new CancelledError())).toBe(false);
    expect(isExitError(new Error("x"))).toBe(false);
  });

  it("each guard recognises its own class only (test_asyncio/test_futures.py::BaseFutureTests::test_isfuture)", () => {
    const guards = [
      [isCancelledError, new CancelledError()],
      [isInvalidStateError, new InvalidStateError()],
      [isTimeoutError, new TimeoutError()],
      [isRuntimeError, new RuntimeError()],
      [isValueError, new ValueError()],
      [isLookupError, new LookupError()],
      [isExceptionGroup, new ExceptionGroup("eg", [new Error("a")])],
    ] as const;
    for (const [guard, own] of guards) {
      expect(guard(own)).toBe(true);
      for (const [, other] of guards) if (other !== own) expect(guard(other)).toBe(false);
      expect(guard(new Error("plain"))).toBe(false);
      expect(guard(null)).toBe(false);
      expect(guard(undefined)).toBe(false);
      expect(guard("CancelledError")).toBe(false);
      expect(guard({ name: own.name })).toBe(false);
    }
    // The platform's own timeout error (AbortSignal.timeout's reason) isn't asyncio's.
    expect(isTimeoutError(new DOMException("timed out", "TimeoutError"))).toBe(false);
    expect(isExceptionGroup(new AggregateError([]))).toBe(false);
  });

  it("the guards recognise errors from another copy of the package, where instanceof fails (test_asyncio/test_futures.py::BaseFutureTests::test_isfuture)", async () => {
    // A second instance of the module, as when two copies of the package are installed.
    const copy = (await import(
      // @ts-expect-error: the query makes a separate module instance; it has no declaration.
      "../src/errors.ts?second-copy"
    )) as typeof import("../src/errors.js");
    expect(copy.CancelledError).not.toBe(CancelledError);
    const foreign = new copy.CancelledError("from the copy");
    expect(foreign instanceof CancelledError).toBe(false);
    expect(isCancelledError(foreign)).toBe(true);
    expect(copy.isCancelledError(new CancelledError())).toBe(true);
    expect(isInvalidStateError(new copy.InvalidStateError())).toBe(true);
    expect(isTimeoutError(new copy.TimeoutError())).toBe(true);
    expect(isRuntimeError(new copy.RuntimeError())).toBe(true);
    expect(isValueError(new copy.ValueError())).toBe(true);
    expect(isLookupError(new copy.LookupError())).toBe(true);
    expect(isExitError(new copy.KeyboardInterrupt())).toBe(true);
    expect(isExitError(new copy.SystemExit(0))).toBe(true);
    expect(isExceptionGroup(new copy.ExceptionGroup("eg", [new Error("a")]))).toBe(true);
    expect(isCancelledError(new copy.RuntimeError())).toBe(false);
  });

  it("the brand is a registered symbol, so a rebuilt error (e.g. after crossing a thread) can carry it (test_asyncio/test_futures.py::BaseFutureTests::test_isfuture)", () => {
    const rebuilt = Object.assign(new Error("rebuilt"), { name: "CancelledError" });
    expect(isCancelledError(rebuilt)).toBe(false);
    Object.defineProperty(rebuilt, Symbol.for("@asyncio/error:CancelledError"), { value: true });
    expect(isCancelledError(rebuilt)).toBe(true);
  });
});

/** The group, asserted non-null. */
function must<T>(value: T | null): T {
  if (value === null) throw new Error("expected a group, got null");
  return value;
}

class MyError extends Error {
  override name = "MyError";
}

function tree(): {
  eg: ExceptionGroup<unknown>;
  te: TypeError;
  ve1: ValueError;
  ve2: ValueError;
  my: MyError;
} {
  const te = new TypeError("t");
  const ve1 = new ValueError("v1");
  const ve2 = new ValueError("v2");
  const my = new MyError("m");
  const inner = new ExceptionGroup("inner", [ve2, my]);
  const eg = new ExceptionGroup("outer", [te, ve1, inner], { cause: new Error("because") });
  return { eg, te, ve1, ve2, my };
}

describe("ExceptionGroup", () => {
  it("is an AggregateError whose exceptions are a frozen copy (test_exception_group.py::InstanceCreation::test_EG_wraps_Exceptions__creates_EG)", () => {
    const a = new Error("a");
    const b = new ValueError("b");
    const list = [a, b];
    const eg = new ExceptionGroup("msg", list);
    expect(eg).toBeInstanceOf(AggregateError);
    expect(eg).toBeInstanceOf(BaseExceptionGroup);
    expect(eg.message).toBe("msg");
    expect(eg.exceptions).toEqual([a, b]);
    expect(eg.errors).toEqual([a, b]);
    list.push(new Error("later"));
    expect(eg.exceptions).toHaveLength(2);
    expect(Object.isFrozen(eg.exceptions)).toBe(true);
  });

  it("prints as 'message (N sub-exceptions)' while message stays bare (test_exception_group.py::ExceptionGroupFields::test_basics_ExceptionGroup_fields; BaseExceptionGroup.__str__)", () => {
    const one = new ExceptionGroup("one", [new Error("a")]);
    const two = new ExceptionGroup("unhandled errors in a TaskGroup", [
      new Error("a"),
      new ValueError("b"),
    ]);
    expect(String(one)).toBe("ExceptionGroup: one (1 sub-exception)");
    expect(String(two)).toBe("ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)");
    expect(two.message).toBe("unhandled errors in a TaskGroup");
    expect(two.stack?.split("\n")[0]).toBe(
      "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)",
    );
    expect(String(new BaseExceptionGroup("base", [new Error("x")]))).toBe(
      "BaseExceptionGroup: base (1 sub-exception)",
    );
    // Node's inspector lists the members once, as `[errors]`, not also as `exceptions`.
    expect(Object.keys(two)).not.toContain("exceptions");
  });

  it("refuses a non-string message and an empty or non-array list (test_exception_group.py::BadConstructorArgs::test_bad_EG_construction__bad_message)", () => {
    expect(() => new ExceptionGroup(42 as never, [new Error("a")])).toThrow(TypeError);
    expect(() => new ExceptionGroup(42 as never, [new Error("a")])).toThrow(/got 42/);
    expect(() => new ExceptionGroup("m", [])).toThrow(ValueError);
    expect(() => new ExceptionGroup("m", "nope" as never)).toThrow(ValueError);
  });

  it("subgroup by class keeps the shape, message and cause; null when nothing matches (test_exception_group.py::NestedExceptionGroupSubgroupTest::test_nested_exception_group_subgroup)", () => {
    const { eg, ve1, ve2 } = tree();
    const values = eg.subgroup(ValueError);
    expect(values).toBeInstanceOf(ExceptionGroup);
    expect(values?.message).toBe("outer");
    expect(values?.cause).toBe(eg.cause);
    expect(values?.exceptions[0]).toBe(ve1);
    const nested = values?.exceptions[1] as ExceptionGroup;
    expect(nested).toBeInstanceOf(ExceptionGroup);
    expect(nested.message).toBe("inner");
    expect(nested.exceptions).toEqual([ve2]);
    expect(eg.subgroup(RangeError)).toBeNull();
  });

  it("subgroup returns the group itself when it matches whole (test_exception_group.py::ExceptionGroupSubgroupTests::test_basics_subgroup_by_type__passthrough)", () => {
    const { eg } = tree();
    expect(eg.subgroup(Error)).toBe(eg);
    expect(eg.subgroup(ExceptionGroup)).toBe(eg);
    expect(eg.subgroup(() => true)).toBe(eg);
  });

  it("subgroup by predicate (test_exception_group.py::ExceptionGroupSubgroupTests::test_basics_subgroup_by_predicate__match)", () => {
    const { eg, my } = tree();
    const mine = eg.subgroup((error) => error instanceof MyError);
    expect((must(mine).exceptions[0] as ExceptionGroup).exceptions).toEqual([my]);
  });

  it("split gives [matching, rest], both shaped like the original (test_exception_group.py::NestedExceptionGroupSplitTest::test_split_by_type)", () => {
    const { eg, te, ve1, ve2, my } = tree();
    const [match, rest] = eg.split(ValueError);
    expect(match?.exceptions[0]).toBe(ve1);
    expect((must(match).exceptions[1] as ExceptionGroup).exceptions).toEqual([ve2]);
    expect(rest?.exceptions[0]).toBe(te);
    expect((must(rest).exceptions[1] as ExceptionGroup).exceptions).toEqual([my]);
    expect(rest?.message).toBe("outer");
    expect(eg.split(Error)).toEqual([eg, null]);
    const [none, all] = eg.split(RangeError);
    expect(none).toBeNull();
    expect(all?.exceptions).toHaveLength(3);
  });

  it("a BaseExceptionGroup derives BaseExceptionGroups (test_exception_group.py::ExceptionGroupSplitTests::test_basics_split_by_type__match)", () => {
    const group = new BaseExceptionGroup("b", [new KeyboardInterrupt(), new Error("e")]);
    const [interrupts, rest] = group.split(KeyboardInterrupt);
    expect(interrupts?.name).toBe("BaseExceptionGroup");
    expect(interrupts?.exceptions).toHaveLength(1);
    expect(rest?.exceptions).toHaveLength(1);
  });

  it("subgroup/split refuse something that is neither a class nor a predicate (test_exception_group.py::ExceptionGroupSubgroupTests::test_basics_subgroup_split__bad_arg_type)", () => {
    const { eg } = tree();
    expect(() => eg.subgroup(42 as never)).toThrow(TypeError);
    expect(() => eg.split("ValueError" as never)).toThrow(/got "ValueError"/);
  });
});
