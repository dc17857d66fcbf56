/**
 * The conformance suite of a task factory: what `loop.setTaskFactory(factory)` promises a
 * program whatever the factory — `createTask` and `runUntilComplete` make their tasks through it,
 * the task belongs to the loop, carries the name and runs in the context it was given, knows
 * itself as the current task, is listed by `allTasks`, propagates its coroutine's result and
 * error, and can be cancelled at every stage (before its first step, at an await, while it
 * catches the cancellation). An eager factory (Python 3.12's) runs the first step inside
 * `createTask`; a lazy one schedules it, and the suite checks whichever the factory claims.
 */
import { ContextVar, copyContext, isCancelledError, isFuture } from "@asyncio/futures";
import { describe as describeValue } from "@asyncio/futures/contract";
import {
  allTasks,
  type CoroutineLike,
  currentTask,
  isTask,
  sleep,
  type Task,
  type TaskOptions,
} from "@asyncio/tasks";
import { describe, expect } from "vitest";
import { freshLoops, type RunnableLoop, runTask } from "./internal/loops.js";
import { rejection } from "./internal/outcomes.js";
import { suiteTests } from "./internal/suite-tests.js";

/** A loop whose tasks can come from a factory, as `EventLoop` of `@asyncio/core`. */
export interface TaskFactoryLoop extends RunnableLoop {
  // biome-ignore lint/suspicious/noExplicitAny: each loop types its factory's loop argument.
  setTaskFactory(factory: any): void;
  createTask<T>(coro: CoroutineLike<T>, options?: Omit<TaskOptions, "loop">): Task<T>;
}

/** The factory type a loop's `setTaskFactory` takes. */
export type TaskFactoryOf<L extends TaskFactoryLoop> = Exclude<
  Parameters<L["setTaskFactory"]>[0],
  null | undefined
>;

/**
 * What `describeTaskFactory` needs: a name for the suite, how to make a loop with the task
 * factory under test, and the tests it is known to fail.
 */
export interface TaskFactorySuiteOptions<L extends TaskFactoryLoop> {
  /** The name of the `describe` block (default `"task factory"`). */
  name?: string;
  /** Makes a fresh loop for each test; the suite sets the factory on it and closes it after. */
  loop: () => L;
  /**
   * The factory's tasks start eagerly (Python 3.12's `eager_start`): the first step runs inside
   * `createTask`. Default false: the first step waits for the loop's next iteration.
   */
  eager?: boolean;
  /**
   * Tests this implementation is known to fail, as CPython's `@unittest.expectedFailure`: a
   * fragment of the test's title (its CPython reference, say) mapped to why. They still run, and
   * the run turns red once they pass, so that the entry goes with the bug.
   */
  expectedFailures?: Readonly<Record<string, string>>;
}

/**
 * Registers the task factory suite: every test sets `factory` on a fresh loop from
 * `options.loop` and runs its tasks there.
 *
 * @example
 * ```ts
 * import { EventLoop, VirtualClock } from "@asyncio/core";
 * import { describeTaskFactory } from "@asyncio/testkit";
 *
 * describeTaskFactory((loop, coro, options) => new TracedTask(coro, { ...options, loop }), {
 *   loop: () => new EventLoop({ clock: new VirtualClock() }),
 * });
 * ```
 */
export function describeTaskFactory<L extends TaskFactoryLoop>(
  factory: TaskFactoryOf<L>,
  options: TaskFactorySuiteOptions<L>,
): void {
  if (typeof factory !== "function") {
    throw new TypeError(
      `describeTaskFactory() factory must be a function, got ${describeValue(factory)}`,
    );
  }
  if (typeof options?.loop !== "function") {
    throw new TypeError(
      `describeTaskFactory() options.loop must be a function that makes a loop, got ${describeValue(options?.loop)}`,
    );
  }
  const eager = options.eager === true;
  const name = options.name ?? "task factory";

  describe(name, () => {
    const test = suiteTests(`describeTaskFactory(${name})`, options.expectedFailures);
    const newLoop = freshLoops(options.loop);
    /** Runs `body` as the main task of a fresh loop that makes its other tasks with `factory`. */
    const withFactory = async <T>(body: (loop: L) => Promise<T>): Promise<T> => {
      const loop = newLoop();
      const result = await runTask(loop, async () => {
        loop.setTaskFactory(factory);
        return await body(loop);
      });
      const leftover = [...allTasks(loop)];
      expect(leftover.map(String)).toEqual([]);
      return result;
    };

    test("createTask makes the task through the factory: a Task of the loop that runs the coroutine to its result (test_base_events.py::BaseEventLoopTests::test_set_task_factory)", async () => {
      await withFactory(async (loop) => {
        const task = loop.createTask(sleep(0, "result"));
        expect(isTask(task)).toBe(true);
        expect(isFuture(task)).toBe(true);
        expect(task.getLoop()).toBe(loop);
        expect(await task).toBe("result");
        expect(task.done()).toBe(true);
        expect(task.result()).toBe("result");
      });
    });

    test("the task awaits nested coroutines and returns their combined value (test_tasks.py::BaseTaskTests::test_task_basics)", async () => {
      await withFactory(async (loop) => {
        const inner1 = async (): Promise<number> => 42;
        const inner2 = async (): Promise<number> => {
          await sleep(0);
          return 1000;
        };
        const task = loop.createTask(async () => (await inner1()) + (await inner2()));
        expect(await task).toBe(1042);
      });
    });

    test("the task carries the name given to createTask (test_base_events.py::BaseEventLoopTests::test_create_named_task_with_custom_factory)", async () => {
      await withFactory(async (loop) => {
        const task = loop.createTask(sleep(0), { name: "test_task" });
        expect(task.getName()).toBe("test_task");
        await task;
      });
    });

    test("the task runs in the context given to createTask, and its writes land there (test_tasks.py::BaseTaskTests::test_context_5)", async () => {
      const cvar = new ContextVar<number | null>("testkit.cvar", { default: null });
      await withFactory(async (loop) => {
        const context = copyContext();
        const bump = async (): Promise<void> => {
          await sleep(0);
          cvar.set((cvar.get() ?? 0) + 1);
        };
        expect(context.run(() => cvar.get())).toBeNull();
        await loop.createTask(bump, { context });
        expect(context.run(() => cvar.get())).toBe(1);
        await loop.createTask(bump, { context });
        expect(context.run(() => cvar.get())).toBe(2);
        expect(cvar.get()).toBeNull();
      });
    });

    test("without a context the task sees a copy of the creator's: the creator's value, and its own writes stay its own (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_context_vars)", async () => {
      const v = new ContextVar<number>("testkit.v", { default: 0 });
      await withFactory(async (loop) => {
        v.set(1);
        const seen: number[] = [];
        const task = loop.createTask(async () => {
          seen.push(v.get());
          v.set(2);
          await sleep(0);
          return v.get();
        });
        expect(await task).toBe(2);
        expect(seen).toEqual([1]);
        expect(v.get()).toBe(1);
      });
    });

    test("currentTask() is the task in its body, before and after an await (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_current_task)", async () => {
      await withFactory(async (loop) => {
        const creator = currentTask();
        const seen: unknown[] = [];
        const task = loop.createTask(async () => {
          seen.push(currentTask());
          await sleep(0);
          seen.push(currentTask());
        });
        expect(currentTask()).toBe(creator);
        await task;
        expect(seen).toEqual([task, task]);
      });
    });

    test("allTasks() lists the task while it is pending and not once it is done (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_all_tasks_with_eager_completion)", async () => {
      await withFactory(async (loop) => {
        let listedWhileRunning: boolean | null = null;
        const task = loop.createTask(async () => {
          listedWhileRunning = allTasks(loop).has(currentTask() as Task<unknown>);
          await sleep(0);
        });
        expect(allTasks(loop).has(task)).toBe(true);
        await task;
        expect(listedWhileRunning).toBe(true);
        expect(allTasks(loop).has(task)).toBe(false);
      });
    });

    test("an error in the coroutine becomes the task's exception, and awaiting the task rejects with it (tasks.py::Task.__step: the coroutine's exception becomes the task's)", async () => {
      await withFactory(async (loop) => {
        const failure = new RangeError("from the body");
        const task = loop.createTask(async () => {
          await sleep(0);
          throw failure;
        });
        expect(await rejection(task)).toBe(failure);
        expect(task.exception()).toBe(failure);
        expect(task.cancelled()).toBe(false);
      });
    });

    test("cancel() while the task sleeps raises CancelledError at the await; finally runs and may await; the task ends cancelled with the message (test_tasks.py::BaseTaskTests::test_cancel)", async () => {
      await withFactory(async (loop) => {
        const order: string[] = [];
        const task = loop.createTask(async () => {
          try {
            await sleep(3600);
          } finally {
            order.push("finally");
            await sleep(0);
            order.push("finally awaited");
          }
        });
        await sleep(0);
        expect(task.cancel("stop now")).toBe(true);
        const error = await rejection(task);
        expect(isCancelledError(error)).toBe(true);
        expect((error as Error).message).toBe("stop now");
        expect(order).toEqual(["finally", "finally awaited"]);
        expect(task.cancelled()).toBe(true);
        expect(task.cancel()).toBe(false);
      });
    });

    test("a task that catches the cancellation and returns ends with its result, not cancelled (test_tasks.py::BaseTaskTests::test_cancel_task_catching)", async () => {
      await withFactory(async (loop) => {
        const task = loop.createTask(async () => {
          try {
            await sleep(3600);
            return 0;
          } catch (error) {
            // The cancellation is the behaviour under test: it is caught and turned into 42.
            if (!isCancelledError(error)) throw error;
            return 42;
          }
        });
        await sleep(0);
        task.cancel();
        expect(await task).toBe(42);
        expect(task.cancelled()).toBe(false);
      });
    });

    test("cancelling the Future the task awaits ends the task cancelled (test_tasks.py::BaseTaskTests::test_cancel_inner_future)", async () => {
      await withFactory(async (loop) => {
        const inner = loop.createTask(sleep(3600));
        const outer = loop.createTask(async () => await inner);
        await sleep(0);
        inner.cancel();
        expect(isCancelledError(await rejection(outer))).toBe(true);
        expect(outer.cancelled()).toBe(true);
      });
    });

    if (eager) {
      test("eager: a coroutine that never blocks completes without a loop iteration (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion)", async () => {
        await withFactory(async (loop) => {
          let iterations = 0;
          loop.callSoon(() => iterations++);
          const task = loop.createTask(async () => "done");
          for (let i = 0; i < 3; i++) await Promise.resolve();
          expect(task.done()).toBe(true);
          expect(task.result()).toBe("done");
          expect(iterations).toBe(0);
        });
      });

      test("eager: the first step runs inside createTask, before the creator goes on (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_block_after_eager_step)", async () => {
        await withFactory(async (loop) => {
          const order: string[] = [];
          const task = loop.createTask(async () => {
            order.push("child start");
            await sleep(0);
            order.push("child end");
            return 1;
          });
          order.push("parent after createTask");
          expect(task.done()).toBe(false);
          expect(await task).toBe(1);
          expect(order).toEqual(["child start", "parent after createTask", "child end"]);
        });
      });

      test("eager: cancelling a task that never blocked has no effect on its result (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_completion)", async () => {
        await withFactory(async (loop) => {
          const settled = loop.createTask(async () => 42);
          for (let i = 0; i < 3; i++) await Promise.resolve();
          expect(settled.cancel()).toBe(false);
          expect(await settled).toBe(42);
          // Cancelled before its body's Promise settled (a microtask later), the result still wins.
          const fresh = loop.createTask(async () => 43);
          fresh.cancel();
          expect(await fresh).toBe(43);
          expect(fresh.cancelled()).toBe(false);
        });
      });

      test("eager: cancel(msg) after the eager step blocked ends the task with that message (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_cancellation_after_eager_step_blocks)", async () => {
        await withFactory(async (loop) => {
          const task = loop.createTask(sleep(1));
          task.cancel("cancellation message");
          const error = await rejection(task);
          expect(isCancelledError(error)).toBe(true);
          expect((error as Error).message).toBe("cancellation message");
          expect(task.cancelled()).toBe(true);
        });
      });
    } else {
      test("lazy: the first step waits for the loop's next iteration, behind what was scheduled before (tasks.py::Task.__init__ schedules __step with call_soon)", async () => {
        await withFactory(async (loop) => {
          const order: string[] = [];
          loop.callSoon(() => order.push("scheduled before"));
          const task = loop.createTask(async () => {
            order.push("first step");
          });
          order.push("after createTask");
          await task;
          expect(order).toEqual(["after createTask", "scheduled before", "first step"]);
        });
      });

      test("lazy: cancel(msg) before the first step: the body never starts and the task ends cancelled with the message (test_tasks.py::BaseTaskTests::test_task_cancel_message_getter)", async () => {
        await withFactory(async (loop) => {
          let started = false;
          const task = loop.createTask(async () => {
            started = true;
          });
          expect(task.cancel("my message")).toBe(true);
          const error = await rejection(task);
          expect(isCancelledError(error)).toBe(true);
          expect((error as Error).message).toBe("my message");
          expect(started).toBe(false);
          expect(task.cancelled()).toBe(true);
        });
      });
    }
    test.checkExpectedFailures();
  });
}
