/**
 * "Future exception was never retrieved" for Futures on their own, mirroring test_futures.py
 * (test_tb_logger_*); `support/garbage.ts` tells how a collection is forced. The Task cases are
 * in `@asyncio/tasks`.
 */
import { RuntimeError } from "@asyncio/futures";
import { describe, expect, it } from "vitest";
import { abandon, collect, collectWithControl } from "./support/garbage.js";
import { freshLoops, thrown } from "./support/helpers.js";

const newLoop = freshLoops();

describe("exception never retrieved", () => {
  it("an abandoned pending future reports nothing (test_futures.py::BaseFutureTests::test_tb_logger_abandoned)", async () => {
    const loop = newLoop();
    abandon(loop, () => {});
    expect(await collectWithControl(loop)).toEqual([]);
  });

  it("an unretrieved exception is reported once the future is collected (test_futures.py::BaseFutureTests::test_tb_logger_exception_unretrieved)", async () => {
    const loop = newLoop();
    const reported = loop.reported;
    const boom = new RuntimeError("boom");
    abandon(loop, (f) => f.setException(boom));
    await collect(() => reported.length > 0);
    expect(reported).toHaveLength(1);
    expect(reported[0]?.message).toBe("Future exception was never retrieved");
    expect(reported[0]?.exception).toBe(boom);
    expect(String(reported[0]?.future)).toMatch(/^<Future finished exception=RuntimeError: boom>$/);
  });

  it("setException then cancel() (which returns false) suppresses the report (test_futures.py::BaseFutureTests::test_tb_logger_not_called_after_cancel)", async () => {
    const loop = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("x"));
      expect(f.cancel()).toBe(false);
    });
    expect(await collectWithControl(loop)).toEqual([]);
  });

  it("a result that was never read is not reported (test_futures.py::BaseFutureTests::test_tb_logger_result_unretrieved)", async () => {
    const loop = newLoop();
    abandon(loop, (f) => f.setResult(42));
    expect(await collectWithControl(loop)).toEqual([]);
  });

  it("exception() counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_retrieved)", async () => {
    const loop = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("boom"));
      f.exception();
    });
    expect(await collectWithControl(loop)).toEqual([]);
  });

  it("result() that throws counts as retrieval (test_futures.py::BaseFutureTests::test_tb_logger_exception_result_retrieved)", async () => {
    const loop = newLoop();
    abandon(loop, (f) => {
      f.setException(new Error("boom"));
      thrown(() => f.result());
    });
    expect(await collectWithControl(loop)).toEqual([]);
  });
});
