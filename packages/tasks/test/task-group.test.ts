/**
 * `TaskGroup` / `taskGroup`, mirroring test_taskgroups.py (TestTaskGroup), on virtual time.
 * Python's `except*` becomes `ExceptionGroup.split`/`subgroup` on the caught group.
 */

import {
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  isCancelledError,
  isExceptionGroup,
  KeyboardInterrupt,
  RuntimeError,
  TimeoutError,
} from "@asyncio/futures";
import {
  asyncWith,
  coroutine,
  createTask,
  currentTask,
  sleep,
  type Task,
  TaskGroup,
  taskGroup,
  timeout,
} from "@asyncio/tasks";
import { describe, expect, it } from "vitest";
import { caught } from "./support/caught.js";
import { withTaskLoop } from "./support/task-loop.js";

class MyExc extends Error {
  override name = "MyExc";
}

const crashAfter = coroutine(
  async (delay: number, make: () => unknown = () => new RangeError("zero division")) => {
    await sleep(delay);
    throw make();
  },
);

function errorTypes(group: unknown): Set<unknown> {
  expect(isExceptionGroup(group)).toBe(true);
  return new Set((group as BaseExceptionGroup).exceptions.map((e) => (e as object).constructor));
}

describe("TaskGroup", () => {
  it("waits for every child (test_taskgroups.py::TestTaskGroup::test_taskgroup_01)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const [t1, t2] = await taskGroup(async (g) => [
        g.createTask(sleep(0.1, 42)),
        g.createTask(sleep(0.2, 11)),
      ]);
      expect(t1.result()).toBe(42);
      expect(t2.result()).toBe(11);
      expect(loop.time()).toBeCloseTo(0.2, 9);
    });
  });

  it("tasks can be added while the body runs (test_taskgroups.py::TestTaskGroup::test_taskgroup_02)", async () => {
    await withTaskLoop(async () => {
      let t1: Task<number> | undefined;
      let t2: Task<number> | undefined;
      await taskGroup(async (g) => {
        t1 = g.createTask(sleep(0.1, 42));
        await sleep(0.15);
        t2 = g.createTask(sleep(0.2, 11));
      });
      expect(t1?.result()).toBe(42);
      expect(t2?.result()).toBe(11);
    });
  });

  it("cancelling one child doesn't affect the group (test_taskgroups.py::TestTaskGroup::test_taskgroup_03)", async () => {
    await withTaskLoop(async () => {
      let t1: Task<number> | undefined;
      let t2: Task<number> | undefined;
      await taskGroup(async (g) => {
        t1 = g.createTask(sleep(1, 42));
        await sleep(0.15);
        t1.cancel();
        t2 = g.createTask(sleep(0.2, 11));
      });
      expect(t1?.cancelled()).toBe(true);
      expect(t2?.result()).toBe(11);
    });
  });

  it("a child's failure cancels its siblings and the code after the group doesn't run (test_taskgroups.py::TestTaskGroup::test_taskgroup_04)", async () => {
    await withTaskLoop(async () => {
      let num = 0;
      let t2Cancelled = false;
      let t2: Task<void> | undefined;
      const runner = createTask(async () => {
        await taskGroup(async (g) => {
          g.createTask(crashAfter(0.1));
          t2 = g.createTask(async () => {
            try {
              await sleep(1);
            } catch (error) {
              t2Cancelled = isCancelledError(error);
              throw error;
            }
            num += 1;
          });
        });
        num += 10;
      });
      const error = await caught(runner);
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error as Error).message).toBe("unhandled errors in a TaskGroup");
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(num).toBe(0);
      expect(t2Cancelled).toBe(true);
      expect(t2?.cancelled()).toBe(true);
    });
  });

  it("a child error cancels the siblings and the body's await (test_taskgroups.py::TestTaskGroup::test_cancel_children_on_child_error)", async () => {
    await withTaskLoop(async () => {
      let t2Cancelled = false;
      let runnerCancelled = false;
      const runner = createTask(async () => {
        await taskGroup(async (g) => {
          g.createTask(crashAfter(0.1));
          g.createTask(crashAfter(0.1));
          g.createTask(crashAfter(0.1));
          g.createTask(async () => {
            try {
              await sleep(5);
            } catch (error) {
              t2Cancelled = true;
              throw error;
            }
          });
          try {
            await sleep(10);
          } catch (error) {
            runnerCancelled = isCancelledError(error);
            throw error;
          }
        });
      });
      const error = await caught(runner);
      // The three crashes happen in the same iteration: all three are reported, in order.
      expect((error as ExceptionGroup).exceptions).toHaveLength(3);
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(t2Cancelled).toBe(true);
      expect(runnerCancelled).toBe(true);
    });
  });

  it("cancelling the parent while the group waits cancels every child, with the message (test_taskgroups.py::TestTaskGroup::test_cancellation)", async () => {
    await withTaskLoop(async () => {
      let num = 0;
      const runner = createTask(
        taskGroup(async (g) => {
          for (let i = 0; i < 5; i++) {
            g.createTask(async () => {
              try {
                await sleep(5);
              } catch (error) {
                num += 1;
                throw error;
              }
            });
          }
        }),
      );
      await sleep(0.1);
      expect(runner.done()).toBe(false);
      runner.cancel("test");
      const error = await caught(runner);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("test");
      expect(num).toBe(5);
    });
  });

  it("cancelling the parent cancels the body and all the children (test_taskgroups.py::TestTaskGroup::test_taskgroup_07)", async () => {
    await withTaskLoop(async () => {
      let num = 0;
      const runner = createTask(
        taskGroup(async (g) => {
          for (let i = 0; i < 5; i++) {
            g.createTask(async () => {
              try {
                await sleep(5);
              } catch (error) {
                num += 1;
                throw error;
              }
            });
          }
          try {
            await sleep(10);
          } catch (error) {
            num += 10;
            throw error;
          }
        }),
      );
      await sleep(0.1);
      runner.cancel();
      expect(await caught(runner)).toBeInstanceOf(CancelledError);
      expect(runner.cancelled()).toBe(true);
      expect(num).toBe(15);
    });
  });

  it("children failing during an outside cancellation turn it into an ExceptionGroup (test_taskgroups.py::TestTaskGroup::test_taskgroup_08)", async () => {
    await withTaskLoop(async () => {
      const runner = createTask(
        taskGroup(async (g) => {
          for (let i = 0; i < 5; i++) {
            g.createTask(async () => {
              try {
                await sleep(10);
              } finally {
                // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
                throw new RangeError("in finally");
              }
            });
          }
          await sleep(10);
        }),
      );
      await sleep(0.1);
      runner.cancel();
      const error = await caught(runner);
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error as ExceptionGroup).exceptions).toHaveLength(5);
    });
  });

  it("an error of the body cancels the running children (test_taskgroups.py::TestTaskGroup::test_taskgroup_09, test_taskgroup_10)", async () => {
    await withTaskLoop(async () => {
      let t1: Task<number> | undefined;
      let t2: Task<number> | undefined;
      const error = await caught(
        taskGroup(async (g) => {
          t1 = g.createTask(sleep(1, 42));
          t2 = g.createTask(sleep(2, 11));
          await sleep(0.1);
          throw new RangeError("zero division");
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(t1?.cancelled()).toBe(true);
      expect(t2?.cancelled()).toBe(true);
    });
  });

  it("nested groups cancelled from outside end cancelled (test_taskgroups.py::TestTaskGroup::test_taskgroup_11, test_taskgroup_12)", async () => {
    await withTaskLoop(async () => {
      const runner = createTask(
        taskGroup(async (g1) => {
          g1.createTask(sleep(10));
          await taskGroup(async (g2) => {
            // Python's test relies on real time ordering the crashes after the cancel.
            for (let i = 0; i < 5; i++) g2.createTask(crashAfter(0.2));
            await sleep(10);
          });
        }),
      );
      await sleep(0.1);
      runner.cancel();
      expect(await caught(runner)).toBeInstanceOf(CancelledError);
    });
  });

  it("an inner group's error ends the outer group with a nested group (test_taskgroups.py::TestTaskGroup::test_taskgroup_14)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g1) => {
          g1.createTask(crashAfter(10));
          await taskGroup(async (g2) => {
            g2.createTask(crashAfter(0.1, () => new TypeError("0.1")));
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([ExceptionGroup]));
      const inner = (error as ExceptionGroup).exceptions[0];
      expect(errorTypes(inner)).toEqual(new Set([TypeError]));
    });
  });

  it("an outer group's child error while the inner group runs (test_taskgroups.py::TestTaskGroup::test_taskgroup_13)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g1) => {
          g1.createTask(crashAfter(0.1, () => new TypeError("0.1")));
          await taskGroup(async (g2) => {
            g2.createTask(crashAfter(10));
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([TypeError]));
    });
  });

  it("a child error during the body's cancellation cleanup wins over the cancellation (test_taskgroups.py::TestTaskGroup::test_taskgroup_15)", async () => {
    await withTaskLoop(async () => {
      const runner = createTask(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0.3));
          try {
            await sleep(10);
          } catch (error) {
            await sleep(0.5);
            throw error;
          }
        }),
      );
      await sleep(0.1);
      runner.cancel();
      expect(errorTypes(await caught(runner))).toEqual(new Set([RangeError]));
    });
  });

  it("a cancelled body without children ends cancelled (test_taskgroups.py::TestTaskGroup::test_taskgroup_17)", async () => {
    await withTaskLoop(async () => {
      let num = 0;
      const runner = createTask(
        taskGroup(async () => {
          try {
            await sleep(10);
          } catch (error) {
            num += 10;
            throw error;
          }
        }),
      );
      await sleep(0.1);
      runner.cancel();
      expect(await caught(runner)).toBeInstanceOf(CancelledError);
      expect(num).toBe(10);
    });
  });

  it("a body turning the cancellation into its own error gives ExceptionGroup{MyExc} (test_taskgroups.py::TestTaskGroup::test_taskgroup_18)", async () => {
    await withTaskLoop(async () => {
      const runner = createTask(
        taskGroup(async () => {
          try {
            await sleep(10);
          } catch {
            throw new MyExc();
          }
        }),
      );
      await sleep(0.1);
      runner.cancel();
      expect(errorTypes(await caught(runner))).toEqual(new Set([MyExc]));
    });
  });

  it("a body error and a child error come together, the body's last (test_taskgroups.py::TestTaskGroup::test_taskgroup_19)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0.1));
          try {
            await sleep(10);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
            throw new MyExc();
          }
        }),
      );
      const members = (error as ExceptionGroup).exceptions;
      expect(members[0]).toBeInstanceOf(RangeError);
      expect(members[1]).toBeInstanceOf(MyExc);
    });
  });

  it("KeyboardInterrupt from the body propagates as it is (test_taskgroups.py::TestTaskGroup::test_taskgroup_20)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0.1));
          try {
            await sleep(10);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
            throw new KeyboardInterrupt();
          }
        }),
      );
      expect(error).toBeInstanceOf(KeyboardInterrupt);
    });
  });

  it("a base error among the members makes a BaseExceptionGroup (test_taskgroups.py::TestTaskGroup::test_taskgroup_20a)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0.1));
          try {
            await sleep(10);
          } finally {
            // biome-ignore lint/correctness/noUnsafeFinally: the CPython test raises in finally.
            throw new BaseExceptionGroup("base", [new CancelledError("inner")]);
          }
        }),
      );
      expect(error).toBeInstanceOf(BaseExceptionGroup);
      expect(error).not.toBeInstanceOf(ExceptionGroup);
    });
  });

  it("cancelling the parent while it waits for the children (test_taskgroups.py::TestTaskGroup::test_taskgroup_22)", async () => {
    await withTaskLoop(async () => {
      const runner = createTask(
        taskGroup(async (g) => {
          g.createTask(sleep(1, 42));
          g.createTask(sleep(2, 11));
        }),
      );
      await sleep(0.05);
      runner.cancel();
      expect(await caught(runner)).toBeInstanceOf(CancelledError);
    });
  });

  it("children can create tasks in the group while it exits (test_taskgroups.py::TestTaskGroup::test_taskgroup_24)", async () => {
    await withTaskLoop(async ({ loop }) => {
      await taskGroup(async (g) => {
        g.createTask(async () => {
          await sleep(0.1);
          g.createTask(sleep(0.1));
          g.createTask(sleep(0.2));
        });
      });
      expect(loop.time()).toBeCloseTo(0.3, 9);
    });
  });

  it("tasks spawning tasks are waited for until an error ends everything (test_taskgroups.py::TestTaskGroup::test_taskgroup_25)", async () => {
    await withTaskLoop(async () => {
      let hydras = 0;
      const hydra = coroutine(async (g: TaskGroup): Promise<void> => {
        hydras += 1;
        await sleep(0.01);
        g.createTask(hydra(g));
        g.createTask(hydra(g));
      });
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(hydra(g));
          g.createTask(async () => {
            while (hydras < 10) await sleep(0.015);
            throw new RangeError("hercules");
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(hydras).toBeGreaterThanOrEqual(10);
    });
  });

  it("createTask passes the name (test_taskgroups.py::TestTaskGroup::test_taskgroup_task_name)", async () => {
    await withTaskLoop(async () => {
      await taskGroup(async (g) => {
        const t = g.createTask(sleep(0), { name: "yolo" });
        expect(t.getName()).toBe("yolo");
      });
    });
  });

  it("createTask is refused while the group shuts down (test_taskgroups.py::TestTaskGroup::test_taskgroup_no_create_task_after_failure)", async () => {
    await withTaskLoop(async () => {
      let refused: unknown;
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0.001));
          g.createTask(async () => {
            try {
              await sleep(1);
            } catch (cancelled) {
              const late = crashAfter(0.001);
              try {
                g.createTask(late);
              } catch (e) {
                refused = e;
              }
              expect(await caught(late)).toBeInstanceOf(RuntimeError);
              throw cancelled;
            }
          });
        }),
      );
      expect(errorTypes(error)).toEqual(new Set([RangeError]));
      expect(refused).toBeInstanceOf(RuntimeError);
      expect((refused as Error).message).toMatch(/is shutting down/);
    });
  });

  it("refuses use before entering, double entering and reuse after exit (test_taskgroups.py::TestTaskGroup::test_taskgroup_not_entered, test_taskgroup_double_enter, test_taskgroup_finished)", async () => {
    await withTaskLoop(async () => {
      const g = new TaskGroup();
      const coro = sleep(0);
      expect(() => g.createTask(coro)).toThrow(/TaskGroup <TaskGroup> has not been entered/);
      // The refused coroutine is closed, as Python 3.13 closes it.
      expect(await caught(coro)).toBeInstanceOf(RuntimeError);
      await asyncWith(g, async () => {
        const error = await caught(g.asyncEnter());
        expect(error).toBeInstanceOf(RuntimeError);
        expect((error as Error).message).toBe(
          "TaskGroup <TaskGroup entered> has already been entered",
        );
      });
      expect(() => g.createTask(sleep(0))).toThrow(/is finished/);
      const reused = await caught(asyncWith(g, async () => undefined));
      expect(reused).toBeInstanceOf(RuntimeError);
      expect((reused as Error).message).toMatch(/has already been entered/);
    });
  });

  it("needs a parent task (test_taskgroups.py::TestTaskGroup::test_taskgroup_without_parent_task)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const g = new TaskGroup();
      const result = loop.createFuture<unknown>();
      loop.callSoon(() => {
        g.asyncEnter().then(
          () => result.setResult(null),
          (error: unknown) => result.setResult(error),
        );
      });
      const error = await result;
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch(/cannot determine the parent task/);
    });
  });

  it("after an error caught like except*, the parent's cancelling() is back to 0 (test_taskgroups.py::TestTaskGroup::test_cancelling_level_preserved)", async () => {
    await withTaskLoop(async () => {
      const error = await caught(
        taskGroup(async (g) => {
          g.createTask(crashAfter(0, () => new RuntimeError("boom")));
        }),
      );
      const [matched, rest] = (error as ExceptionGroup).split(RuntimeError);
      expect(matched?.exceptions).toHaveLength(1);
      expect(rest).toBeNull();
      expect(currentTask()?.cancelling()).toBe(0);
      await sleep(0); // not cancelled
    });
  });

  it("an outside cancel during a child error stays pending for the next await (test_taskgroups.py::TestTaskGroup::test_error_and_cancel)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const started = loop.createFuture<undefined>();
      const inner = createTask(async () => {
        const error = await caught(
          taskGroup(async (g) => {
            g.createTask(async () => {
              started.setResult(undefined);
              await sleep(0);
              throw new RuntimeError("child");
            });
            await sleep(1);
            throw new Error("sleep in group should have been cancelled");
          }),
        );
        expect(isExceptionGroup(error)).toBe(true);
        expect((error as ExceptionGroup).subgroup(RuntimeError)).not.toBeNull();
        expect(currentTask()?.cancelling()).toBe(1);
        await sleep(1);
        throw new Error("sleep after group should have been cancelled");
      });
      await started;
      expect(inner.cancelling()).toBe(0);
      inner.cancel();
      expect(inner.cancelling()).toBe(1);
      expect(await caught(inner)).toBeInstanceOf(CancelledError);
      expect(inner.cancelled()).toBe(true);
    });
  });

  it("the group's string form and the callback form's result (test_taskgroups.py::TestTaskGroup::test_taskgroup_repr)", async () => {
    await withTaskLoop(async () => {
      const g = new TaskGroup();
      expect(g.toString()).toBe("<TaskGroup>");
      const result = await asyncWith(g, async () => {
        g.createTask(sleep(1));
        expect(g.toString()).toBe("<TaskGroup tasks=1 entered>");
        return "body";
      });
      expect(result).toBe("body");
      expect(await taskGroup(() => 7)).toBe(7);
      expect(() => taskGroup(5 as unknown as () => void)).toThrow(TypeError);
    });
  });

  it("a timeout around a group cancels the children and becomes TimeoutError (test_timeouts.py::TimeoutTests::test_timeout_basic with a TaskGroup inside)", async () => {
    await withTaskLoop(async ({ loop }) => {
      let child: Task<void> | undefined;
      const error = await caught(
        timeout(0.5, () =>
          taskGroup(async (g) => {
            child = g.createTask(sleep(10));
            await sleep(10);
          }),
        ),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(child?.cancelled()).toBe(true);
      expect(loop.time()).toBeCloseTo(0.5, 9);
      expect(currentTask()?.cancelling()).toBe(0);
    });
  });
});
