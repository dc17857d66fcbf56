/** The alias tables as they behave at runtime: what `installAliases` puts on a prototype. */
import { describe, expect, it } from "vitest";
import { installAliases } from "../src/alias-table.js";

class Counter {
  count = 0;
  private readonly label = "counter";

  increment(by = 1): number {
    this.count += by;
    return this.count;
  }

  get description(): string {
    return `${this.label} at ${this.count}`;
  }
}

const counterAliases = {
  add_one: "increment",
  current: { property: "count", writable: true },
  describe_me: { property: "description", writable: false },
  reset(this: Counter): void {
    this.count = 0;
  },
} as const;
installAliases(Counter.prototype, counterAliases);

interface PythonCounter extends Counter {
  add_one: Counter["increment"];
  current: number;
  readonly describe_me: string;
  reset(): void;
}

describe("alias tables", () => {
  it("a method alias calls the idiomatic method with its arguments and carries the Python name", () => {
    const counter = new Counter() as PythonCounter;
    expect(counter.add_one(2)).toBe(2);
    expect(counter.add_one()).toBe(3);
    expect(counter.add_one.name).toBe("add_one");
    expect(Object.keys(counter)).not.toContain("add_one");
  });

  it("a method alias looks the method up on each call, so a subclass's override is used", () => {
    class Doubling extends Counter {
      override increment(by = 1): number {
        return super.increment(by * 2);
      }
    }
    const doubling = new Doubling() as Doubling & PythonCounter;
    expect(doubling.add_one(5)).toBe(10);
  });

  it("a property alias reads and writes the field; a read-only one refuses writes", () => {
    const counter = new Counter() as PythonCounter;
    counter.current = 7;
    expect(counter.count).toBe(7);
    expect(counter.current).toBe(7);
    expect(counter.describe_me).toBe("counter at 7");
    expect(() => {
      (counter as { describe_me: string }).describe_me = "x";
    }).toThrow(TypeError);
  });

  it("a method of its own runs with the object as this", () => {
    const counter = new Counter() as PythonCounter;
    counter.add_one(4);
    counter.reset();
    expect(counter.count).toBe(0);
  });

  it("a name the prototype already has is kept (loading the tables twice changes nothing)", () => {
    const before = Object.getOwnPropertyDescriptor(Counter.prototype, "add_one");
    installAliases(Counter.prototype, { add_one: "reset" as never });
    expect(Object.getOwnPropertyDescriptor(Counter.prototype, "add_one")).toEqual(before);
  });
});
