/**
 * `TaskGroup` / `taskGroup`, mirroring test_taskgroups.py (TestTaskGroup), on virtual time.
 * Python's `except*` becomes `ExceptionGroup.split`/`subgroup` on the caught group.
 *
 * These tests need the full `EventLoop` (it needs the loop's task factory); the rest of the file
 * runs on the contract loop in `packages/tasks/test/task-group.test.ts`.
 */
import { withTestLoop } from "@asyncio/core/testing";
import { type BaseExceptionGroup, isExceptionGroup } from "@asyncio/futures";
import { eagerTaskFactory, sleep, taskGroup } from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "../../../tasks/test/support/caught.js";

function errorTypes(group: unknown): Set<unknown> {
  expect(isExceptionGroup(group)).toBe(true);
  return new Set((group as BaseExceptionGroup).exceptions.map((e) => (e as object).constructor));
}

describe("TaskGroup", () => {
  it("a child that fails eagerly aborts the group at the next iteration, not inside createTask (taskgroups.py create_task, gh-128550: the done callback is always added)", async () => {
    await withTestLoop(async ({ loop }) => {
      loop.setTaskFactory(eagerTaskFactory);
      const order: string[] = [];
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(async () => {
            throw new RangeError("eager");
          });
          order.push("after createTask");
          await sleep(1);
          order.push("not reached");
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(order).toEqual(["after createTask"]);
      expect(loop.time()).toBe(0);
    });
  });
});
