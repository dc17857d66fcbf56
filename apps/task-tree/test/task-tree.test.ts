/**
 * The page's scenario on the real loop with virtual time: the tree it draws at each moment (who
 * awaits whom, cancellations as they happen) and the summary it prints. The page itself is
 * checked in headless Chromium by scripts/test-browser.mjs. No CPython counterpart: the steps
 * follow asyncio's documented task, timeout and Event behaviour.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { describe, expect, it } from "vitest";
import { scenario } from "../src/scenario.js";
import { TaskTree } from "../src/task-tree.js";

describe("the task tree page's scenario", () => {
  it("draws who awaits whom while the tasks run, then how each ended", async () => {
    await withTestLoop(async ({ loop }) => {
      const snapshots = new Map<number, string>();
      const tree: TaskTree = new TaskTree(() => snapshots.set(loop.time(), tree.render()));
      const summary = await scenario(tree, 1);
      expect(summary).toEqual({ fetched: "parsed 42 rows", timedOut: true, done: 2, cancelled: 2 });
      expect(snapshots.get(0)).toBe(
        [
          "main [awaiting] → sleep(3)",
          "  fetcher [awaiting] → sleep(2)",
          "  parser [awaiting] → fetcher",
          "  waiter [awaiting] → ready.wait()",
          "  slow [awaiting] → sleep(10)",
        ].join("\n"),
      );
      // main is still running: it is the task that draws this, once the others have ended.
      expect(tree.render()).toBe(
        [
          "main [running]",
          "  fetcher [done]",
          "  parser [done]",
          "  waiter [cancelled]",
          "  slow [cancelled]",
        ].join("\n"),
      );
    });
  });

  it("logs each start, await, cancellation request and end in the order they happened", async () => {
    await withTestLoop(async () => {
      const tree = new TaskTree();
      await scenario(tree, 1);
      expect(tree.events).toEqual([
        "main started",
        "fetcher started by main",
        "parser started by main",
        "waiter started by main",
        "slow started by main",
        "main awaits sleep(3)",
        "fetcher awaits sleep(2)",
        "parser awaits fetcher",
        "waiter awaits ready.wait()",
        "slow awaits sleep(10)",
        "fetcher done",
        "parser awaits sleep(1)",
        "waiter cancel requested by main (cancelling() = 1)",
        "main awaits slow",
        "parser done",
        "waiter cancelled",
        "slow cancelled",
        "main awaits parser",
        "main awaits waiter",
      ]);
    });
  });
});
