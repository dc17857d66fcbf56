/**
 * `describe(value)`, the quoting used by every argument error (Python's `TypeError` messages name
 * the offending value, e.g. test_tasks.py::BaseTaskTests::test_create_task_with_noncoroutine).
 */
import { describe as describeValue } from "@asyncio/futures/contract";
import { describe, expect, it } from "vitest";

describe("describe()", () => {
  it("quotes strings and shows primitives as written (test_asyncio/test_tasks.py::BaseTaskTests::test_create_task_with_noncoroutine)", () => {
    expect(describeValue("x")).toBe('"x"');
    expect(describeValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(describeValue(42)).toBe("42");
    expect(describeValue(Number.NaN)).toBe("NaN");
    expect(describeValue(true)).toBe("true");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue(10n)).toBe("10n");
    expect(describeValue(Symbol("s"))).toBe("Symbol(s)");
  });

  it("shortens long strings (test_asyncio/test_tasks.py::BaseTaskTests::test_create_task_with_noncoroutine)", () => {
    const long = "a".repeat(100);
    const shown = describeValue(long);
    expect(shown).toBe(`"${"a".repeat(57)}..."`);
  });

  it("names functions, arrays and class instances (test_asyncio/test_tasks.py::BaseTaskTests::test_create_task_with_noncoroutine)", () => {
    function work(): void {}
    class Widget {}
    expect(describeValue(work)).toBe("function work");
    expect(describeValue(() => {})).toBe("function (anonymous)");
    expect(describeValue([1, 2, 3])).toBe("array of length 3");
    expect(describeValue(new Widget())).toBe("a Widget object");
    expect(describeValue({})).toBe("an object");
    expect(describeValue(Object.create(null))).toBe("an object");
    expect(describeValue(Promise.resolve())).toBe("a Promise object");
  });
});
