/**
 * Every option of ThreadPoolExecutor, moduleFunction and threadFunction is checked when it is
 * given: a bad value or an unknown name is a TypeError (ValueError for a value of the right type
 * out of range) that names the option and quotes the value, before any worker starts.
 */

import { ValueError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import { moduleFunction, ThreadPoolExecutor, threadFunction } from "../src/index.js";

const workUrl = new URL("./fixtures/work.js", import.meta.url);
const pool = (options: unknown): ThreadPoolExecutor => new ThreadPoolExecutor(options as never);

describe("ThreadPoolExecutor options", () => {
  it("an unknown option name is a TypeError listing the known ones", () => {
    expect(() => pool({ maxWorker: 2 })).toThrow(
      new TypeError(
        'ThreadPoolExecutor() got an unknown option "maxWorker" (known: maxWorkers, idleTimeout, resourceLimits, threadNamePrefix)',
      ),
    );
    expect(() => pool({ initializer: () => undefined })).toThrow(/unknown option "initializer"/);
  });

  it("options must be an object", () => {
    expect(() => pool(4)).toThrow(
      new TypeError("ThreadPoolExecutor() options must be an object, got 4"),
    );
    expect(() => pool([4])).toThrow(TypeError);
  });

  it("threadNamePrefix is a string", () => {
    expect(() => pool({ threadNamePrefix: 5 })).toThrow(
      new TypeError("ThreadPoolExecutor() threadNamePrefix must be a string, got 5"),
    );
  });

  it("idleTimeout is a number of seconds >= 0", () => {
    expect(() => pool({ idleTimeout: "30" })).toThrow(
      new TypeError('ThreadPoolExecutor() idleTimeout must be a number of seconds, got "30"'),
    );
    expect(() => pool({ idleTimeout: Number.NaN })).toThrow(TypeError);
    expect(() => pool({ idleTimeout: -1 })).toThrow(
      new ValueError("ThreadPoolExecutor() idleTimeout must be >= 0, got -1"),
    );
    expect(pool({ idleTimeout: Number.POSITIVE_INFINITY }).maxWorkers).toBeGreaterThan(0);
  });

  it("resourceLimits holds known limits, each a number of megabytes > 0", () => {
    expect(() => pool({ resourceLimits: { maxOldGenerationSizeMb: "x" } })).toThrow(
      new TypeError(
        'ThreadPoolExecutor() resourceLimits.maxOldGenerationSizeMb must be a number of megabytes, got "x"',
      ),
    );
    expect(() => pool({ resourceLimits: { stackSizeMb: 0 } })).toThrow(
      new ValueError("ThreadPoolExecutor() resourceLimits.stackSizeMb must be > 0, got 0"),
    );
    expect(() => pool({ resourceLimits: { maxOldSizeMb: 8 } })).toThrow(
      new TypeError(
        'ThreadPoolExecutor() resourceLimits got an unknown limit "maxOldSizeMb" (known: maxOldGenerationSizeMb, maxYoungGenerationSizeMb, codeRangeSizeMb, stackSizeMb)',
      ),
    );
    expect(() => pool({ resourceLimits: 64 })).toThrow(
      new TypeError("ThreadPoolExecutor() resourceLimits must be an object, got 64"),
    );
  });

  it("maxWorkers is an integer > 0 (test_concurrent_futures::ExecutorTest::test_max_workers_negative)", () => {
    expect(() => pool({ maxWorkers: "4" })).toThrow(
      new TypeError('ThreadPoolExecutor() maxWorkers must be an integer, got "4"'),
    );
    expect(() => pool({ maxWorkers: -1 })).toThrow(ValueError);
  });
});

describe("cancellation policies and worker function options", () => {
  it("onCancel must be one of the three policies", () => {
    expect(() => threadFunction(() => 1, { onCancel: "kill" as never })).toThrow(
      new TypeError(
        'threadFunction() onCancel must be "detach", "terminate" or "cooperative", got "kill"',
      ),
    );
    expect(() => moduleFunction(workUrl, "hash", { onCancel: 1 as never })).toThrow(
      'moduleFunction() onCancel must be "detach", "terminate" or "cooperative", got 1',
    );
  });

  it("an unknown option name is a TypeError", () => {
    expect(() => threadFunction(() => 1, { oncancel: "terminate" } as never)).toThrow(
      new TypeError('threadFunction() got an unknown option "oncancel" (known: onCancel)'),
    );
    expect(() => moduleFunction(workUrl, "hash", { timeout: 5 } as never)).toThrow(
      new TypeError('moduleFunction() got an unknown option "timeout" (known: onCancel)'),
    );
  });

  it("options must be an object", () => {
    expect(() => threadFunction(() => 1, "terminate" as never)).toThrow(
      new TypeError('threadFunction() options must be an object, got "terminate"'),
    );
  });
});
