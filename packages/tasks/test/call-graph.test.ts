/**
 * `captureCallGraph` / `formatCallGraph` / `printCallGraph`, mirroring test_graph.py
 * (CallStackTestBase), on the contract loop. Python reads a suspended coroutine's frames from the
 * coroutine itself; here they are recorded while suspension sites are recorded (debug mode), so
 * the tests that look at a suspended task's frames turn recording on.
 */
import { Future, RuntimeError } from "@asyncio/futures";
import {
  captureCallGraph,
  coroutine,
  createTask,
  currentTask,
  type FutureCallGraph,
  formatCallGraph,
  futureAddToAwaitedBy,
  futureDiscardFromAwaitedBy,
  gather,
  printCallGraph,
  shield,
  sleep,
  Task,
  takeTaskSnapshot,
  taskGroup,
  timeout,
  wait,
} from "@asyncio/tasks";
import { graphIdOf, startRecordingSites, stopRecordingSites } from "@asyncio/tasks/graph";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { withTaskLoop } from "./support/task-loop.js";

/** The main task of `withTaskLoop` calls the test's body from an arrow function of its own. */
const ENTRY = "a <anonymous>";

/** CPython's `capture_test_stack` walk: `T<name>` or `F`, the frames, the awaiters (sorted). */
type Walked = [string, string[], Walked[]];

function walk(graph: FutureCallGraph): Walked {
  const future = graph.future;
  const label =
    future instanceof Task
      ? /^Task-\d+$/.test(future.getName())
        ? "T<anon>"
        : `T<${future.getName()}>`
      : "F";
  const frames = graph.callStack.map(
    (entry) => `${entry.frame.isAsync ? "a" : "s"} ${entry.frame.name}`,
  );
  const awaitedBy = graph.awaitedBy
    .map(walk)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [label, frames, awaitedBy];
}

function captureTestStack(future?: Future<unknown>): [Walked, string] {
  const printed: string[] = [];
  printCallGraph(future, { depth: 2, file: { write: (text) => printed.push(text) } });
  const graph = captureCallGraph(future, { depth: 2 }) as FutureCallGraph;
  return [walk(graph), printed.join("")];
}

describe("call graphs while suspension sites are recorded", () => {
  beforeEach(() => startRecordingSites());
  afterEach(() => stopRecordingSites());

  it("a task group's task is awaited by the group's task and by the tasks awaiting it (test_graph.py::CallStackTestBase::test_stack_tgroup)", async () => {
    let stackForC5: [Walked, string] | null = null;
    function c5(): void {
      stackForC5 = captureTestStack();
    }
    const c4 = coroutine(async function c4() {
      await sleep(0);
      c5();
    });
    const c3 = coroutine(async function c3() {
      await c4();
    });
    const c2 = coroutine(async function c2() {
      await c3();
    });
    const c1 = coroutine(async function c1(task: Task<unknown>) {
      await task;
    });
    const main = coroutine(async function main() {
      await taskGroup((tg) => {
        const task = tg.createTask(c2(), { name: "c2_root" });
        tg.createTask(c1(task), { name: "sub_main_1" });
        tg.createTask(c1(task), { name: "sub_main_2" });
      });
    });
    await withTaskLoop(async function testStackTgroup() {
      await main();
    });
    const [walked, printed] = stackForC5 as unknown as [Walked, string];
    const groupTask: Walked = [
      "T<anon>",
      ["a TaskGroup.asyncExit", "a main", "a testStackTgroup", ENTRY],
      [],
    ];
    expect(walked).toEqual([
      "T<c2_root>",
      ["s c5", "s c4", "a c3", "a c2"],
      [
        groupTask,
        ["T<sub_main_1>", ["a c1"], [groupTask]],
        ["T<sub_main_2>", ["a c1"], [groupTask]],
      ],
    ]);
    expect(printed).toContain("* Task(name='c2_root', id=0x");
    expect(printed).toContain("  + Call stack:\n  |   File '");
    expect(printed).toMatch(/, line \d+, in async testStackTgroup\(\)\n/);
  });

  it("a child of gather() is awaited by the task awaiting the gather (test_graph.py::CallStackTestBase::test_stack_gather)", async () => {
    let stackForDeep: [Walked, string] | null = null;
    const deep = coroutine(async function deep() {
      await sleep(0);
      stackForDeep = captureTestStack();
    });
    const c1 = coroutine(async function c1() {
      await sleep(0);
      await deep();
    });
    const c2 = coroutine(async function c2() {
      await sleep(0);
    });
    const main = coroutine(async function main() {
      await gather(c1(), c2());
    });
    await withTaskLoop(async function testStackGather() {
      await main();
    });
    expect((stackForDeep as unknown as [Walked, string])[0]).toEqual([
      "T<anon>",
      ["s deep", "a c1"],
      [["T<anon>", ["a main", "a testStackGather", ENTRY], []]],
    ]);
  });

  it("a shielded task is awaited by the task awaiting the shield (test_graph.py::CallStackTestBase::test_stack_shield)", async () => {
    let stackForShield: [Walked, string] | null = null;
    const deep = coroutine(async function deep() {
      await sleep(0);
      stackForShield = captureTestStack();
    });
    const c1 = coroutine(async function c1() {
      await sleep(0);
      await deep();
    });
    const main = coroutine(async function main() {
      await shield(c1());
    });
    await withTaskLoop(async function testStackShield() {
      await main();
    });
    expect((stackForShield as unknown as [Walked, string])[0]).toEqual([
      "T<anon>",
      ["s deep", "a c1"],
      [["T<anon>", ["a main", "a testStackShield", ENTRY], []]],
    ]);
  });

  it("a timeout adds no frame and no edge (test_graph.py::CallStackTestBase::test_stack_timeout)", async () => {
    let stackForInner: [Walked, string] | null = null;
    const inner = coroutine(async function inner() {
      await sleep(0);
      stackForInner = captureTestStack();
    });
    const c1 = coroutine(async function c1() {
      await timeout(1, async function body() {
        await sleep(0);
        await inner();
      });
    });
    const main = coroutine(async function main() {
      await shield(c1());
    });
    await withTaskLoop(async function testStackTimeout() {
      await main();
    });
    expect((stackForInner as unknown as [Walked, string])[0]).toEqual([
      "T<anon>",
      ["s inner", "a body", "a c1"],
      [["T<anon>", ["a main", "a testStackTimeout", ENTRY], []]],
    ]);
  });

  it("a task in wait() is awaited by the task waiting (test_graph.py::CallStackTestBase::test_stack_wait)", async () => {
    let stackForInner: [Walked, string] | null = null;
    const inner = coroutine(async function inner() {
      await sleep(0);
      stackForInner = captureTestStack();
    });
    const c1 = coroutine(async function c1() {
      await timeout(1, async function body() {
        await sleep(0);
        await inner();
      });
    });
    const c2 = coroutine(async function c2() {
      for (let i = 0; i < 3; i++) await sleep(0);
    });
    const main = coroutine(async function main(t1: Task<unknown>, t2: Task<unknown>) {
      for (;;) {
        const [, pending] = await wait([t1, t2]);
        if (pending.size === 0) break;
      }
    });
    await withTaskLoop(async function testStackWait() {
      const t1 = createTask(c1());
      const t2 = createTask(c2());
      try {
        await main(t1, t2);
      } finally {
        await t1;
        await t2;
      }
    });
    expect((stackForInner as unknown as [Walked, string])[0]).toEqual([
      "T<anon>",
      ["s inner", "a body", "a c1"],
      [["T<anon>", ["a wait", "a main", "a testStackWait", ENTRY], []]],
    ]);
  });

  it("a task is awaited by the task awaiting it (test_graph.py::CallStackTestBase::test_stack_task)", async () => {
    let stackForInner: [Walked, string] | null = null;
    const inner = coroutine(async function inner() {
      await sleep(0);
      stackForInner = captureTestStack();
    });
    const c1 = coroutine(async function c1() {
      await inner();
    });
    const c2 = coroutine(async function c2() {
      await createTask(c1(), { name: "there there" });
    });
    const main = coroutine(async function main() {
      await c2();
    });
    await withTaskLoop(async function testStackTask() {
      await main();
    });
    expect((stackForInner as unknown as [Walked, string])[0]).toEqual([
      "T<there there>",
      ["s inner", "a c1"],
      [["T<anon>", ["a c2", "a main", "a testStackTask", ENTRY], []]],
    ]);
  });

  it("a Future is awaited by every task awaiting it (test_graph.py::CallStackTestBase::test_stack_future)", async () => {
    let stackForFut: [Walked, string] | null = null;
    const a2 = coroutine(async function a2(fut: Future<unknown>) {
      await fut;
    });
    const a1 = coroutine(async function a1(fut: Future<unknown>) {
      await a2(fut);
    });
    const b1 = coroutine(async function b1(fut: Future<unknown>) {
      await fut;
    });
    await withTaskLoop(async function testStackFuture({ loop }) {
      const fut = new Future({ loop });
      await taskGroup(async function body(g) {
        g.createTask(a1(fut), { name: "task A" });
        g.createTask(b1(fut), { name: "task B" });
        for (let i = 0; i < 5; i++) await sleep(0);
        stackForFut = captureTestStack(fut);
        fut.setResult(null);
      });
    });
    const [walked, printed] = stackForFut as unknown as [Walked, string];
    const groupTask: Walked = ["T<anon>", ["s body", "a testStackFuture", ENTRY], []];
    expect(walked).toEqual([
      "F",
      [],
      [
        ["T<task A>", ["a a2", "a a1"], [groupTask]],
        ["T<task B>", ["a b1"], [groupTask]],
      ],
    ]);
    expect(printed.startsWith("* Future(id=0x")).toBe(true);
  });

  it("futureAddToAwaitedBy makes a task await a Future it doesn't await itself; futureDiscardFromAwaitedBy undoes it (asyncio-graph.rst, future_add_to_awaited_by)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const fut = new Future<void>({ loop });
      const gate = new Future<void>({ loop });
      const watcher = createTask(
        async function watcher() {
          await gate;
        },
        { name: "watcher" },
      );
      await sleep(0);
      futureAddToAwaitedBy(fut, watcher);
      futureAddToAwaitedBy(fut, "not a future"); // no effect, as in Python
      const graph = captureCallGraph(fut) as FutureCallGraph;
      expect(graph.future).toBe(fut);
      expect(graph.awaitedBy.map((each) => each.future)).toEqual([watcher]);
      const snapshotNode = takeTaskSnapshot().nodes.find((each) => each.name === "watcher");
      expect(snapshotNode?.kind).toBe("task");

      // A task awaiting the Future gets the recorded waiter as a second awaiter.
      const direct = createTask(
        async function direct() {
          await fut;
        },
        { name: "direct" },
      );
      await sleep(0);
      const both = captureCallGraph(fut) as FutureCallGraph;
      expect(both.awaitedBy.map((each) => (each.future as Task<unknown>).getName()).sort()).toEqual(
        ["direct", "watcher"],
      );

      futureDiscardFromAwaitedBy(fut, watcher);
      const after = captureCallGraph(fut) as FutureCallGraph;
      expect(after.awaitedBy.map((each) => (each.future as Task<unknown>).getName())).toEqual([
        "direct",
      ]);
      fut.setResult(undefined);
      gate.setResult(undefined);
      await gather(watcher, direct);
    });
  });
});

describe("call graphs without recorded sites", () => {
  it("a suspended task's stack is its coroutine's name, under the operation it waits in (no CPython counterpart: frames are recorded in debug mode only)", async () => {
    const worker = coroutine(async function worker() {
      await sleep(5);
    });
    await withTaskLoop(async () => {
      const task = createTask(worker(), { name: "sleeper" });
      const waiter = createTask(
        async function waiter() {
          await task;
        },
        { name: "waiter" },
      );
      await sleep(0);
      const graph = captureCallGraph(task) as FutureCallGraph;
      expect(walk(graph)).toEqual([
        "T<sleeper>",
        ["a sleep", "a worker"],
        [["T<waiter>", ["a waiter"], []]],
      ]);
      expect(formatCallGraph(task)).toBe(
        [
          `* Task(name='sleeper', id=0x${graphIdOf(task).toString(16)})`,
          "  + Call stack:",
          "  |   async sleep()",
          "  |   async worker()",
          "  + Awaited by:",
          `    * Task(name='waiter', id=0x${graphIdOf(waiter).toString(16)})`,
          "      + Call stack:",
          "      |   async waiter()",
        ].join("\n"),
      );
      task.cancel();
      await waiter.then(undefined, () => undefined);
    });
  });

  it("the running task's stack is the live one, from the caller of captureCallGraph (test_graph.py::CallStackTestBase, depth)", async () => {
    function helper(depth: number): FutureCallGraph {
      return captureCallGraph(undefined, { depth }) as FutureCallGraph;
    }
    await withTaskLoop(async function testDepth() {
      await sleep(0);
      expect(walk(helper(1))[1].slice(0, 2)).toEqual(["s helper", "s testDepth"]);
      expect(walk(helper(2))[1][0]).toBe("s testDepth");
      expect(captureCallGraph()?.future).toBe(currentTask());
    });
  });

  it("limit keeps the outermost frames when positive and the innermost when negative, none at 0 (graph.py::capture_call_graph, limit)", async () => {
    const frames = (graph: FutureCallGraph | null): string[] =>
      (graph as FutureCallGraph).callStack.map((entry) => entry.frame.name);
    await withTaskLoop(async function testLimit() {
      const c = coroutine(async function c() {
        await sleep(0);
        const all = frames(captureCallGraph());
        expect(all.slice(0, 2)).toEqual(["c", "b"]);
        expect(frames(captureCallGraph(undefined, { limit: -1 }))).toEqual(["c"]);
        expect(frames(captureCallGraph(undefined, { limit: 1 }))).toEqual(all.slice(-1));
        expect(frames(captureCallGraph(undefined, { limit: 0 }))).toEqual([]);
      });
      const b = async function b() {
        await c();
      };
      await b();
    });
  });

  it("a Future nobody awaits, or a finished task, has no stack and no awaiters (graph.py::_build_graph_for_future)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const future = new Future({ loop });
      expect(walk(captureCallGraph(future) as FutureCallGraph)).toEqual(["F", [], []]);
      const task = createTask(async () => 1, { name: "quick" });
      await task;
      expect(walk(captureCallGraph(task) as FutureCallGraph)).toEqual(["T<quick>", [], []]);
    });
  });

  it("two tasks awaiting each other: each graph ends where the cycle closes (no CPython counterpart: Python recurses without end)", async () => {
    // The second awaits the first through a shield: cancelling either cannot recurse around the
    // cycle (Task.cancel() cancels the task awaited, as in Python), so the test can end.
    await withTaskLoop(async ({ loop }) => {
      const gate = new Future({ loop });
      const tasks: Task<unknown>[] = [];
      tasks.push(
        createTask(
          async function first() {
            await gate;
            await tasks[1];
          },
          { name: "first" },
        ),
      );
      tasks.push(
        createTask(
          async function second() {
            await shield(tasks[0] as Task<unknown>);
          },
          { name: "second" },
        ),
      );
      await sleep(0);
      gate.setResult(null);
      await sleep(0);
      expect(walk(captureCallGraph(tasks[0]) as FutureCallGraph)).toEqual([
        "T<first>",
        ["a first"],
        [["T<second>", ["a second"], [["T<first>", ["a first"], []]]]],
      ]);
      tasks[1]?.cancel();
      for (const task of tasks) await task.then(undefined, () => undefined);
    });
  });

  it("outside a task, with no future, the graph is null and printing writes an empty line (graph.py::capture_call_graph, no current task)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const seen: { graph: unknown; text: string; printed: string[] } = {
        graph: undefined,
        text: "unset",
        printed: [],
      };
      const done = new Future({ loop });
      loop.callSoon(() => {
        seen.graph = captureCallGraph();
        seen.text = formatCallGraph();
        printCallGraph(null, { file: { write: (text) => seen.printed.push(text) } });
        done.setResult(null);
      });
      await done;
      expect(seen).toEqual({ graph: null, text: "", printed: ["\n"] });
    });
  });

  it("outside a running loop without a future: RuntimeError; something that isn't a Future: TypeError (graph.py::capture_call_graph)", async () => {
    expect(() => captureCallGraph()).toThrow(RuntimeError);
    expect(() => captureCallGraph()).toThrow(
      "captureCallGraph() is called outside of a running event loop and no future to introspect was provided",
    );
    expect(() => captureCallGraph(42 as unknown as Future<unknown>)).toThrow(
      new TypeError(
        "captureCallGraph(): 42 object does not appear to be compatible with asyncio.Future",
      ),
    );
    await withTaskLoop(async () => {
      expect(() => captureCallGraph(undefined, { depth: -1 })).toThrow(
        new TypeError("captureCallGraph() depth must be a non-negative integer, got -1"),
      );
      expect(() => captureCallGraph(undefined, { limit: 1.5 })).toThrow(
        new TypeError("captureCallGraph() limit must be an integer or null, got 1.5"),
      );
      expect(() => formatCallGraph(undefined, "deep" as never)).toThrow(
        new TypeError('formatCallGraph() options must be an object, got "deep"'),
      );
      expect(() => printCallGraph(undefined, { file: {} as never })).toThrow(
        new TypeError("printCallGraph() file must have a write() method, got an object"),
      );
    });
  });
});
