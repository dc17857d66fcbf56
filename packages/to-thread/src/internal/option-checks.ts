/**
 * The shape checks every options object of this package shares: an object, holding only the
 * names the function knows, so that a typo (`maxWorker`) is an error instead of a silent default.
 */
import { describe } from "@asyncio/futures/contract";

export interface OptionNames {
  /** How the function is named in messages, e.g. `ThreadPoolExecutor()`. */
  readonly caller: string;
  /** The argument checked: `options`, or a nested object such as `resourceLimits`. */
  readonly argument: string;
  /** What one entry is called: `option`, `limit`. */
  readonly entry: string;
  readonly known: readonly string[];
}

/** Throws a TypeError unless `value` is an object whose keys are all known. */
export function checkOptionNames(
  value: unknown,
  names: OptionNames,
): asserts value is Record<string, unknown> {
  const { caller, argument, entry, known } = names;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${caller} ${argument} must be an object, got ${describe(value)}`);
  }
  const owner = argument === "options" ? caller : `${caller} ${argument}`;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${owner} got an unknown ${entry} ${JSON.stringify(key)} (known: ${known.join(", ")})`,
      );
    }
  }
}
