/**
 * The compat facade: every Python name of the README exists, is the library's own object, and
 * behaves as its TypeScript twin.
 */
import * as asyncio from "@asyncio/compat";
import * as core from "@asyncio/core";
import * as futures from "@asyncio/futures";
import * as tasks from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";

const virtualLoop = (): core.EventLoop => new core.EventLoop({ clock: new core.VirtualClock() });

let loop: core.EventLoop;

function setUp(): core.EventLoop {
  loop = virtualLoop();
  return loop;
}

afterEach(() => {
  if (loop !== undefined && !loop.isRunning()) loop.close();
  core.setEventLoop(null);
});

describe("module-level names", () => {
  it("are the library's own objects (test_events.py::TestAbstractEventLoop / asyncio.__all__)", () => {
    expect(asyncio.create_task).toBe(tasks.createTask);
    expect(asyncio.ensure_future).toBe(tasks.ensureFuture);
    expect(asyncio.current_task).toBe(tasks.currentTask);
    expect(asyncio.all_tasks).toBe(tasks.allTasks);
    expect(asyncio.capture_call_graph).toBe(tasks.captureCallGraph);
    expect(asyncio.format_call_graph).toBe(tasks.formatCallGraph);
    expect(asyncio.print_call_graph).toBe(tasks.printCallGraph);
    expect(asyncio.FutureCallGraph).toBe(tasks.FutureCallGraph);
    expect(asyncio.FrameCallGraphEntry).toBe(tasks.FrameCallGraphEntry);
    expect(asyncio.future_add_to_awaited_by).toBe(tasks.futureAddToAwaitedBy);
    expect(asyncio.future_discard_from_awaited_by).toBe(tasks.futureDiscardFromAwaitedBy);
    expect(asyncio.iscoroutine).toBe(tasks.isCoroutine);
    expect(asyncio.coroutine).toBe(tasks.coroutine);
    expect(asyncio.sleep).toBe(tasks.sleep);
    expect(asyncio.Task).toBe(tasks.Task);
    expect(asyncio.eager_task_factory).toBe(tasks.eagerTaskFactory);
    expect(asyncio.create_eager_task_factory).toBe(tasks.createEagerTaskFactory);
    expect(asyncio.isfuture).toBe(futures.isFuture);
    expect(asyncio.get_running_loop).toBe(futures.getRunningLoop);
    expect(asyncio.Future).toBe(futures.Future);
    expect(asyncio.Handle).toBe(futures.Handle);
    expect(asyncio.Context).toBe(futures.Context);
    expect(asyncio.ContextVar).toBe(futures.ContextVar);
    expect(asyncio.copy_context).toBe(futures.copyContext);
    expect(asyncio.get_event_loop).toBe(core.getEventLoop);
    expect(asyncio.new_event_loop).toBe(core.newEventLoop);
    expect(asyncio.set_event_loop).toBe(core.setEventLoop);
    expect(asyncio.EventLoop).toBe(core.EventLoop);
    expect(asyncio.AbstractEventLoop).toBe(core.EventLoop);
    expect(asyncio.TimerHandle).toBe(core.TimerHandle);
    expect(asyncio.CancelledError).toBe(futures.CancelledError);
    expect(asyncio.InvalidStateError).toBe(futures.InvalidStateError);
    expect(asyncio.TimeoutError).toBe(futures.TimeoutError);
    expect(asyncio.RuntimeError).toBe(futures.RuntimeError);
    expect(asyncio.ValueError).toBe(futures.ValueError);
    expect(asyncio.LookupError).toBe(futures.LookupError);
    expect(asyncio.KeyboardInterrupt).toBe(futures.KeyboardInterrupt);
    expect(asyncio.SystemExit).toBe(futures.SystemExit);
    expect(asyncio.BaseExceptionGroup).toBe(futures.BaseExceptionGroup);
    expect(asyncio.ExceptionGroup).toBe(futures.ExceptionGroup);
  });

  it("error classes keep Python's names; CancelledError() has an empty message (test_futures.py::BaseFutureTests::test_future_cancel_message_getter)", () => {
    expect(new asyncio.CancelledError().message).toBe("");
    expect(new asyncio.CancelledError().name).toBe("CancelledError");
    expect(new asyncio.RuntimeError("x").name).toBe("RuntimeError");
    expect(new asyncio.RuntimeError("x")).toBeInstanceOf(Error);
    expect(new asyncio.ValueError("x").name).toBe("ValueError");
    expect(new asyncio.InvalidStateError("x").name).toBe("InvalidStateError");
    expect(new asyncio.TimeoutError("x").name).toBe("TimeoutError");
    expect(new asyncio.KeyboardInterrupt().name).toBe("KeyboardInterrupt");
  });

  it("create_task(coro, { name }) names the task; get_name() answers (test_tasks.py::BaseTaskTests::test_task_set_name_pylong)", async () => {
    const main = asyncio.coroutine(async () => {
      const worker = asyncio.create_task(asyncio.sleep(0.1, "w"), { name: "w1" });
      expect(worker.get_name()).toBe("w1");
      expect(worker.getName()).toBe("w1");
      worker.set_name("w2");
      expect(worker.getName()).toBe("w2");
      expect(asyncio.current_task()?.get_name()).toMatch(/^Task-\d+$/);
      return await worker;
    });
    expect(await asyncio.run(main(), { loop_factory: virtualLoop })).toBe("w");
  });

  it("a task made by createTask answers the Python names (test_tasks.py::BaseTaskTests::test_task_repr_name)", async () => {
    const l = setUp();
    const coro = tasks.sleep(0);
    const task = l.createTask(coro, { name: "made-by-createTask" });
    expect(task.get_name()).toBe("made-by-createTask");
    expect(task.get_coro()).toBe(coro);
    expect(task.get_loop()).toBe(l);
    expect(task.get_context()).toBe(task.getContext());
    await l.run_until_complete(task);
  });

  it("all_tasks() is a Set of the loop's pending tasks (test_tasks.py::BaseTaskTests::test_all_tasks)", async () => {
    const l = setUp();
    const t1 = l.create_task(asyncio.sleep(1));
    const t2 = l.create_task(asyncio.sleep(2));
    const seen = await l.run_until_complete(async () => asyncio.all_tasks());
    expect(seen).toBeInstanceOf(Set);
    expect(seen.has(t1)).toBe(true);
    expect(seen.has(t2)).toBe(true);
    await l.run_until_complete(t2);
    expect(asyncio.all_tasks(l).size).toBe(0);
  });

  it("capture_call_graph's graph answers to call_stack and awaited_by; print_call_graph writes to file (test_graph.py::CallStackTestBase::test_stack_gather)", async () => {
    const l = setUp();
    const printed: string[] = [];
    const graph = await l.run_until_complete(async () => {
      let captured: tasks.FutureCallGraph | null = null;
      const child = asyncio.create_task(
        async () => {
          await asyncio.sleep(0);
          captured = asyncio.capture_call_graph();
          asyncio.print_call_graph(null, { file: { write: (text: string) => printed.push(text) } });
        },
        { name: "child" },
      );
      await asyncio.gather(child);
      return captured as unknown as tasks.FutureCallGraph;
    });
    expect((graph.future as tasks.Task).get_name()).toBe("child");
    expect(graph.call_stack).toBe(graph.callStack);
    expect(graph.awaited_by).toHaveLength(1);
    expect(
      ((graph.awaited_by[0] as tasks.FutureCallGraph).future as tasks.Task).get_name(),
    ).toMatch(/^Task-\d+$/);
    expect(printed.join("")).toMatch(/^\* Task\(name='child', id=0x[0-9a-f]+\)\n/);
    expect(printed.join("")).toMatch(
      / {2}\+ Awaited by:\n {4}\* Task\(name='Task-\d+', id=0x[0-9a-f]+\)\n/,
    );
  });

  it("new asyncio.Future() and new asyncio.Task(coro, { name }) (test_futures.py::BaseFutureTests::test_constructor_use_running_loop)", async () => {
    const l = setUp();
    const pair = await l.run_until_complete(async () => {
      const fut = new asyncio.Future<number>();
      const task = new asyncio.Task(asyncio.sleep(0, "t"), { name: "made-with-new" });
      return { fut, task };
    });
    expect(pair.fut.get_loop()).toBe(l);
    expect(pair.task.get_name()).toBe("made-with-new");
    expect(asyncio.isfuture(pair.fut)).toBe(true);
    expect(asyncio.isfuture(pair.task)).toBe(true);
    expect(await l.run_until_complete(pair.task)).toBe("t");
    pair.fut.cancel();
  });

  it("iscoroutine and ensure_future (test_tasks.py::BaseTaskTests::test_ensure_future_coroutine)", async () => {
    const l = setUp();
    const coro = asyncio.sleep(0, "ok");
    expect(asyncio.iscoroutine(coro)).toBe(true);
    expect(asyncio.iscoroutine(async () => 1)).toBe(false);
    const fut = asyncio.ensure_future(coro, { loop: l });
    expect(fut).toBeInstanceOf(asyncio.Task);
    expect(await l.run_until_complete(fut)).toBe("ok");
  });

  it("get_event_loop / new_event_loop / set_event_loop (test_events.py::PolicyTests::test_set_event_loop)", () => {
    const l = asyncio.new_event_loop();
    asyncio.set_event_loop(l);
    expect(asyncio.get_event_loop()).toBe(l);
    expect(() => asyncio.get_running_loop()).toThrow(asyncio.RuntimeError);
    l.close();
  });
});

describe("loop methods", () => {
  it("call_soon / call_soon_threadsafe / call_later / call_at forward to the idiomatic methods (test_base_events.py::BaseEventLoopTests::test_call_soon)", async () => {
    const l = setUp();
    const order: string[] = [];
    const h1 = l.call_soon((x: string) => order.push(x), "soon");
    l.call_soon_threadsafe((x: string) => order.push(x), "threadsafe");
    const t1 = l.call_later(2, (x: string) => order.push(x), "later");
    const t2 = l.call_at(1, (x: string) => order.push(x), "at");
    l.call_later(3, () => l.stop());
    expect(h1).toBeInstanceOf(asyncio.Handle);
    expect(t1).toBeInstanceOf(asyncio.TimerHandle);
    expect(t1.when()).toBe(2);
    expect(t2.when()).toBe(1);
    await l.run_forever();
    expect(order).toEqual(["soon", "threadsafe", "at", "later"]);
    // The same argument checks apply.
    expect(() => l.call_soon(42 as never)).toThrow(TypeError);
    expect(() => l.call_later("x" as never, () => undefined)).toThrow(TypeError);
  });

  it("call_soon(cb, ...args, { context }) runs the callback in that context (test_futures2.py::FutureTests::test_handle_exc_handler_correct_context)", async () => {
    const l = setUp();
    const cvar = new asyncio.ContextVar<string>("cvar", { default: "outer" });
    const ctx = asyncio.copy_context();
    ctx.run(() => cvar.set("inside"));
    const seen: string[] = [];
    const handle = l.call_soon((tag: string) => seen.push(`${tag}:${cvar.get()}`), "a", {
      context: ctx,
    });
    l.call_soon((tag: string) => seen.push(`${tag}:${cvar.get()}`), "b");
    expect(handle.get_context()).toBe(ctx);
    l.stop();
    await l.run_forever();
    expect(seen).toEqual(["a:inside", "b:outer"]);
  });

  it("the rest of the loop's Python names (test_base_events.py::BaseEventLoopTests::test_set_exc_handler_custom)", async () => {
    const l = setUp();
    expect(l.is_running()).toBe(false);
    expect(l.is_closed()).toBe(false);
    expect(l.get_debug()).toBe(false);
    l.set_debug(true);
    expect(l.getDebug()).toBe(true);
    expect(l.get_exception_handler()).toBeNull();
    const contexts: unknown[] = [];
    const handler = (_loop: core.EventLoop, context: futures.ExceptionContext): void => {
      contexts.push(context.message);
    };
    l.set_exception_handler(handler);
    expect(l.get_exception_handler()).toBe(handler);
    l.call_exception_handler({ message: "reported" });
    expect(contexts).toEqual(["reported"]);
    expect(l.get_task_factory()).toBeNull();
    const factory: core.TaskFactory = (lp, coro, options) =>
      new asyncio.Task(coro, { ...options, loop: lp });
    l.set_task_factory(factory);
    expect(l.getTaskFactory()).toBe(factory);
    const fut = l.create_future<number>();
    expect(fut.get_loop()).toBe(l);
    l.call_soon(() => fut.set_result(5));
    expect(await l.run_until_complete(fut)).toBe(5);
    expect(fut.result()).toBe(5);
    expect(typeof l.time()).toBe("number");
    l.close();
    expect(l.is_closed()).toBe(true);
  });

  it("default_exception_handler logs through the library's logger (test_base_events.py::BaseEventLoopTests::test_default_exc_handler_callback)", () => {
    const l = setUp();
    const errors: string[] = [];
    core.setLogger({ error: (m) => errors.push(m), warning: () => undefined });
    try {
      l.default_exception_handler({ message: "by default", extra: 1 });
    } finally {
      core.setLogger(null);
    }
    expect(errors).toEqual(["by default\nextra: 1"]);
  });

  it("slow_callback_duration reads and writes slowCallbackDuration (test_base_events.py::BaseEventLoopTests::test_log_slow_callbacks)", () => {
    const l = setUp();
    expect(l.slow_callback_duration).toBe(0.1);
    l.slow_callback_duration = 0.5;
    expect(l.slowCallbackDuration).toBe(0.5);
    l.slowCallbackDuration = 0.25;
    expect(l.slow_callback_duration).toBe(0.25);
    expect(Object.hasOwn(l, "slow_callback_duration")).toBe(false);
  });

  it("an alias calls the subclass's override of the idiomatic method (test_base_events.py::BaseEventLoopTests::test_call_soon)", async () => {
    class CountingLoop extends core.EventLoop {
      calls = 0;
      override callSoon<A extends unknown[]>(
        callback: (...args: A) => unknown,
        ...args: A
      ): futures.Handle {
        this.calls++;
        return super.callSoon(callback, ...args);
      }
    }
    loop = new CountingLoop({ clock: new core.VirtualClock() });
    const l = loop as CountingLoop;
    l.call_soon(() => undefined);
    l.stop();
    await l.run_forever();
    expect(l.calls).toBe(1);
  });
});

describe("futures and tasks", () => {
  it("add_done_callback / remove_done_callback / set_result / set_exception (test_futures.py::BaseFutureDoneCallbackTests::test_remove_done_callback)", async () => {
    const l = setUp();
    const seen: number[] = [];
    const cb1 = (): void => {
      seen.push(1);
    };
    const cb2 = (): void => {
      seen.push(2);
    };
    const fut = l.create_future<string>();
    fut.add_done_callback(cb1);
    fut.add_done_callback(cb2);
    fut.add_done_callback(cb1);
    expect(fut.remove_done_callback(cb1)).toBe(2);
    expect(fut.remove_done_callback(cb1)).toBe(0);
    fut.set_result("v");
    expect(fut.done()).toBe(true);
    l.stop();
    await l.run_forever();
    expect(seen).toEqual([2]);
    const failed = l.create_future();
    const error = new asyncio.ValueError("bad");
    failed.set_exception(error);
    expect(failed.exception()).toBe(error);
    expect(() => failed.set_result(1)).toThrow(asyncio.InvalidStateError);
  });

  it("add_done_callback(cb, { context }) runs the callback in that context (test_futures2.py::FutureTests::test_task_exc_handler_correct_context)", async () => {
    const l = setUp();
    const cvar = new asyncio.ContextVar<string>("cvar", { default: "outer" });
    const ctx = asyncio.copy_context();
    ctx.run(() => cvar.set("given"));
    const seen: string[] = [];
    const fut = l.create_future<number>();
    fut.add_done_callback(() => seen.push(cvar.get()), { context: ctx });
    fut.add_done_callback(() => seen.push(cvar.get()));
    fut.set_result(1);
    l.stop();
    await l.run_forever();
    expect(seen).toEqual(["given", "outer"]);
  });

  it("eager_task_factory / create_eager_task_factory(Task) finish a non-blocking task without a loop iteration (test_eager_task_factory.py::EagerTaskFactoryLoopTests::test_eager_completion)", async () => {
    for (const factory of [
      asyncio.eager_task_factory,
      asyncio.create_eager_task_factory(asyncio.Task),
    ]) {
      const l = setUp();
      l.set_task_factory(factory);
      const outcome = await l.run_until_complete(async () => {
        let iterations = 0;
        l.call_soon(() => iterations++);
        const task = l.create_task(async () => "eager", { name: "eager-task" });
        // Documented difference: the body's Promise settles in a microtask, not inside create_task.
        for (let i = 0; i < 3; i++) await Promise.resolve();
        return { done: task.done(), name: task.get_name(), result: task.result(), iterations };
      });
      expect(outcome).toEqual({ done: true, name: "eager-task", result: "eager", iterations: 0 });
      l.close();
    }
  });

  it("cancel / cancelled / cancelling / uncancel keep their names (test_tasks.py::BaseTaskTests::test_uncancel_basic)", async () => {
    const l = setUp();
    const task = l.create_task(asyncio.sleep(10));
    await l.run_until_complete(asyncio.sleep(0));
    expect(task.cancel()).toBe(true);
    expect(task.cancelling()).toBe(1);
    expect(task.uncancel()).toBe(0);
    task.cancel("stop");
    await expect(l.run_until_complete(task)).rejects.toThrow(asyncio.CancelledError);
    expect(task.cancelled()).toBe(true);
  });
});

describe("asyncio.run and asyncio.Runner", () => {
  it("run(main, { debug: true, loop_factory }) (test_runners.py::RunTests::test_asyncio_run_debug)", async () => {
    let made: core.EventLoop | undefined;
    const loop_factory = (): core.EventLoop => {
      made = virtualLoop();
      return made;
    };
    const main = asyncio.coroutine(async () => {
      await asyncio.sleep(30);
      const running = asyncio.get_running_loop() as core.EventLoop;
      return { debug: running.get_debug(), running };
    });
    const { debug, running } = await asyncio.run(main(), { debug: true, loop_factory });
    expect(debug).toBe(true);
    expect(running).toBe(made);
    expect(made?.time()).toBe(30);
    expect(made?.is_closed()).toBe(true);
    // null means "not given", as Python's None.
    expect(await asyncio.run(asyncio.sleep(0, 1), { debug: null, loop_factory: null })).toBe(1);
  });

  it("run() inside a running loop rejects with RuntimeError (test_runners.py::RunTests::test_asyncio_run_from_running_loop)", async () => {
    const main = asyncio.coroutine(async () =>
      asyncio.run(asyncio.sleep(0)).catch((e: unknown) => e),
    );
    const error = await asyncio.run(main(), { loop_factory: virtualLoop });
    expect(error).toBeInstanceOf(asyncio.RuntimeError);
    expect((error as Error).message).toMatch(/cannot be called from a running/);
  });

  it("Runner({ debug, loop_factory }) with get_loop(), is a core Runner (test_runners.py::RunnerTests::test_custom_factory)", async () => {
    const own = virtualLoop();
    const runner = new asyncio.Runner({ debug: true, loop_factory: () => own });
    expect(runner).toBeInstanceOf(core.Runner);
    expect(runner.get_loop()).toBe(own);
    expect(own.get_debug()).toBe(true);
    expect(await runner.run(asyncio.sleep(1, "a"))).toBe("a");
    expect(await runner.run(asyncio.sleep(1, "b"))).toBe("b");
    expect(own.time()).toBe(2);
    await runner.close();
    expect(own.is_closed()).toBe(true);
    expect(() => runner.get_loop()).toThrow("Runner is closed");
  });
});
