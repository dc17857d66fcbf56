/**
 * The order Python gives the items of a `PriorityQueue`: numbers by value, strings by code unit,
 * arrays element by element like tuples (the first unequal pair decides, a shorter prefix comes
 * first). Anything else can't be ordered without a `compare` function, as Python raises
 * `TypeError` for `'<' not supported`; as in Python, that only matters when the comparison gets
 * that far (`[priority, payload]` with distinct priorities never compares the payloads).
 */
import { describe } from "@asyncio/futures/contract";

type Numeric = number | bigint | boolean;

function isNumeric(value: unknown): value is Numeric {
  const kind = typeof value;
  return kind === "number" || kind === "bigint" || kind === "boolean";
}

function toComparable(value: Numeric): number | bigint {
  return typeof value === "boolean" ? Number(value) : value;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function pythonCompare(a: unknown, b: unknown): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = toComparable(a);
    const y = toComparable(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      const x: unknown = a[i];
      const y: unknown = b[i];
      if (x === y) continue;
      const order = pythonCompare(x, y);
      if (order !== 0) return order;
    }
    return a.length - b.length;
  }
  throw new TypeError(
    `'<' not supported between ${describe(a)} and ${describe(b)}: ` +
      "give the PriorityQueue a compare function",
  );
}
