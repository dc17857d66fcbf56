/**
 * `shield`, mirroring the shield parts of test_tasks.py (BaseTaskTests), on virtual time.
 */

import { CancelledError } from "@asyncio/futures";
import { coroutine, createTask, gather, shield, sleep } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

describe("shield", () => {
  it("follows the inner result (test_tasks.py::BaseTaskTests::test_shield_result)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const inner = loop.createFuture<number>();
      const outer = shield(inner);
      await sleep(0);
      inner.setResult(42);
      expect(await outer).toBe(42);
    });
  });

  it("follows the inner exception (test_tasks.py::BaseTaskTests::test_shield_exception)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const inner = loop.createFuture<number>();
      const outer = shield(inner);
      const boom = new Error("boom");
      inner.setException(boom);
      expect(await caught(outer)).toBe(boom);
    });
  });

  it("a cancelled inner cancels the shield (test_tasks.py::BaseTaskTests::test_shield_cancel_inner)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const inner = loop.createFuture<number>();
      const outer = shield(inner);
      inner.cancel();
      await sleep(0);
      expect(outer.cancelled()).toBe(true);
    });
  });

  it("cancelling the shield leaves the inner alone (test_tasks.py::BaseTaskTests::test_shield_cancel_outer)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const inner = loop.createFuture<number>();
      const outer = shield(inner);
      outer.cancel();
      await sleep(0);
      expect(outer.cancelled()).toBe(true);
      expect(inner.cancelled()).toBe(false);
      inner.setResult(1);
      await sleep(0);
    });
  });

  it("a finished awaitable is returned as it is (test_tasks.py::BaseTaskTests::test_shield_shortcut)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = loop.createFuture<number>();
      fut.setResult(42);
      expect(shield(fut)).toBe(fut);
      expect(await shield(fut)).toBe(42);
    });
  });

  it("cancelling the awaiting task cancels the task but not the inner work (test_tasks.py::BaseTaskTests::test_shield_effect)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let proof = 0;
      const waiter = loop.createFuture<undefined>();
      const inner = coroutine(async () => {
        await waiter;
        proof += 1;
      });
      const outer = coroutine(async () => {
        await shield(inner());
        proof += 100;
      });
      const f = createTask(outer());
      await sleep(0);
      f.cancel();
      expect(await caught(f)).toBeInstanceOf(CancelledError);
      waiter.setResult(undefined);
      await sleep(0);
      await sleep(0);
      expect(proof).toBe(1);
    });
  });

  it("a coroutine becomes a Task that finishes (test_tasks.py::BaseTaskTests::test_shield_coroutine_use_running_loop)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const outer = shield(sleep(0.1, 5));
      expect(outer.getLoop()).toBe(loop);
      expect(await outer).toBe(5);
    });
  });

  it("cancelling shield(gather()) leaves the gather running (test_tasks.py::BaseTaskTests::test_shield_gather)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const child1 = loop.createFuture<number>();
      const child2 = loop.createFuture<number>();
      const parent = gather(child1, child2);
      const outer = shield(parent);
      await sleep(0);
      outer.cancel();
      await sleep(0);
      expect(outer.cancelled()).toBe(true);
      child1.setResult(1);
      child2.setResult(2);
      await sleep(0);
      expect(parent.result()).toEqual([1, 2]);
    });
  });

  it("cancelling gather(shield(), shield()) cancels the shields only (test_tasks.py::BaseTaskTests::test_gather_shield)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const child1 = loop.createFuture<number>();
      const child2 = loop.createFuture<number>();
      const inner1 = shield(child1);
      const inner2 = shield(child2);
      const parent = gather(inner1, inner2);
      await sleep(0);
      parent.cancel();
      // Cancelling a shield cancels no children: the gather ends with a CancelledError.
      await sleep(0);
      expect(await caught(parent)).toBeInstanceOf(CancelledError);
      expect(inner1.cancelled()).toBe(true);
      expect(inner2.cancelled()).toBe(true);
      child1.setResult(1);
      child2.setResult(2);
      await sleep(0);
      expect(child1.result()).toBe(1);
    });
  });
});
