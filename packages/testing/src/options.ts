/**
 * The options of `asyncTest`, checked when the test is defined, so that a typo fails at once and
 * names the option rather than showing up as a test that runs on the wrong clock.
 */
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";

/** Options of `asyncTest` and `runAsyncTest`: the clock a test runs on, and what may be reported. */
export interface AsyncTestOptions {
  /** Run on real time instead of a `VirtualClock` (default false). */
  realTime?: boolean;
  /** The virtual clock's start time, in seconds (default 0). */
  start?: number;
  /**
   * Real seconds the loop must be idle before virtual time jumps (default 0): raise it when the
   * test waits on work the loop can't see and that isn't marked with `realWork()`.
   */
  autojumpThreshold?: number;
  /** Accept reports to the loop's exception handler instead of failing on them (default false). */
  allowReports?: boolean;
}

export interface CheckedOptions {
  realTime: boolean;
  start: number;
  autojumpThreshold: number;
  allowReports: boolean;
}

const NAMES = new Set(["realTime", "start", "autojumpThreshold", "allowReports"]);

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") {
    throw new TypeError(`asyncTest() option ${name} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

function seconds(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== "number") {
    throw new TypeError(`asyncTest() option ${name} must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value) || (name === "autojumpThreshold" && value < 0)) {
    throw new ValueError(
      `asyncTest() option ${name} must be a finite${name === "start" ? "" : ", non-negative"} number, got ${describe(value)}`,
    );
  }
  return value;
}

export function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) {
    return { realTime: false, start: 0, autojumpThreshold: 0, allowReports: false };
  }
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`asyncTest() options must be an object, got ${describe(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!NAMES.has(name))
      throw new TypeError(`asyncTest() got an unknown option ${describe(name)}`);
  }
  const given = options as AsyncTestOptions;
  const checked: CheckedOptions = {
    realTime: flag(given.realTime, "realTime"),
    start: seconds(given.start, "start"),
    autojumpThreshold: seconds(given.autojumpThreshold, "autojumpThreshold"),
    allowReports: flag(given.allowReports, "allowReports"),
  };
  if (checked.realTime && (given.start !== undefined || given.autojumpThreshold !== undefined)) {
    throw new TypeError(
      "asyncTest() options start and autojumpThreshold need virtual time, not realTime",
    );
  }
  return checked;
}
