/** Task factories and createTask on the loop (test_base_events.py::BaseEventLoopTests). */
import type { EventLoop, TaskFactory } from "@asyncio/core";
import { type CoroutineLike, coroutine, sleep, Task, type TaskOptions } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";
import { captureLog, type LoopUnderTest, newTestLoop } from "./helpers.js";

let current: LoopUnderTest;

function setUp(): LoopUnderTest {
  current = newTestLoop();
  return current;
}

afterEach(() => {
  if (!current.loop.isRunning()) current.loop.close();
});

class MyTask<T> extends Task<T> {}

describe("setTaskFactory", () => {
  it("createTask goes through factory(loop, coro, options) and returns its task (test_base_events.py::BaseEventLoopTests::test_set_task_factory)", async () => {
    const { loop } = setUp();
    expect(loop.getTaskFactory()).toBeNull();
    const calls: Array<[EventLoop, unknown, unknown]> = [];
    const factory: TaskFactory = <T>(
      l: EventLoop,
      coro: CoroutineLike<T>,
      options: Omit<TaskOptions, "loop">,
    ): Task<T> => {
      calls.push([l, coro, options]);
      return new MyTask(coro, { ...options, loop: l });
    };
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    const coro = sleep(0, "result");
    const task = loop.createTask(coro, { name: "named" });
    expect(task).toBeInstanceOf(MyTask);
    expect(calls).toEqual([[loop, coro, { name: "named" }]]);
    expect(await loop.runUntilComplete(task)).toBe("result");

    // Without options the factory gets an empty options object.
    const plain = loop.createTask(sleep(0));
    expect(calls[1]?.[2]).toEqual({});
    await loop.runUntilComplete(plain);

    loop.setTaskFactory(null);
    expect(loop.getTaskFactory()).toBeNull();
    const again = loop.createTask(sleep(0));
    expect(again).not.toBeInstanceOf(MyTask);
    expect(again).toBeInstanceOf(Task);
    await loop.runUntilComplete(again);
  });

  it("setTaskFactory(1) raises TypeError and keeps the old factory (test_base_events.py::BaseEventLoopTests::test_set_task_factory_invalid)", () => {
    const { loop } = setUp();
    expect(() => loop.setTaskFactory(1 as never)).toThrow(TypeError);
    expect(() => loop.setTaskFactory(1 as never)).toThrow(
      "task factory must be a callable or null, got 1",
    );
    expect(loop.getTaskFactory()).toBeNull();
  });

  it("the task factory is used by runUntilComplete for a coroutine (test_base_events.py::BaseEventLoopTests::test_set_task_factory)", async () => {
    const { loop } = setUp();
    let made = 0;
    loop.setTaskFactory((l, coro, options) => {
      made++;
      return new MyTask(coro, { ...options, loop: l });
    });
    expect(await loop.runUntilComplete(coroutine(async () => 7)())).toBe(7);
    expect(made).toBe(1);
  });
});

describe("createTask names", () => {
  it("names the task with the default factory (test_base_events.py::BaseEventLoopTests::test_create_named_task_with_default_factory)", async () => {
    const { loop } = setUp();
    const task = loop.createTask(sleep(0), { name: "test_task" });
    expect(task.getName()).toBe("test_task");
    await loop.runUntilComplete(task);
  });

  it("names the task even when the factory ignores the name (test_base_events.py::BaseEventLoopTests::test_create_named_task_with_custom_factory)", async () => {
    const { loop } = setUp();
    loop.setTaskFactory((l, coro) => new Task(coro, { loop: l }));
    const task = loop.createTask(sleep(0), { name: "test_task" });
    expect(task.getName()).toBe("test_task");
    await loop.runUntilComplete(task);
  });

  it("an unnamed task gets a default name 'Task-N' (test_tasks.py::BaseTaskTests::test_task_default_name)", async () => {
    const { loop } = setUp();
    const task = loop.createTask(sleep(0));
    expect(task.getName()).toMatch(/^Task-\d+$/);
    await loop.runUntilComplete(task);
  });

  it("debug mode warns when createTask gets an already started Promise (test_base_events.py::BaseEventLoopTests::test_create_task)", async () => {
    const { loop } = setUp();
    const log = captureLog();
    try {
      loop.setDebug(true);
      const task = loop.createTask(Promise.resolve(3));
      expect(await loop.runUntilComplete(task)).toBe(3);
      expect(log.warnings).toHaveLength(1);
      expect(log.warnings[0]).toMatch(/^createTask\(\) received a Promise that already started/);
      const lazy = loop.createTask(sleep(0));
      await loop.runUntilComplete(lazy);
      expect(log.warnings).toHaveLength(1);
    } finally {
      log.restore();
    }
  });
});
