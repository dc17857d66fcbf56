/**
 * `takeTaskSnapshot`: every pending task with its state, what it awaits, who awaits it and where
 * it waits — the data behind the call graph, the dump on a signal and `asyncio-ps`. No CPython
 * counterpart as such: it is what `python -m asyncio ps` reads from a process's memory.
 */
import { Future } from "@asyncio/futures";
import {
  coroutine,
  createTask,
  currentTask,
  gather,
  type SnapshotNode,
  sleep,
  type TaskGraphSnapshot,
  takeTaskSnapshot,
  taskGroup,
} from "@asyncio/tasks";
import { graphIdOf, startRecordingSites, stopRecordingSites } from "@asyncio/tasks/graph";
import { describe, expect, it } from "vitest";
import { withTaskLoop } from "./support/task-loop.js";

function node(snapshot: TaskGraphSnapshot, name: string): SnapshotNode {
  const found = snapshot.nodes.find((each) => each.name === name);
  if (found === undefined) throw new Error(`no node named ${name}`);
  return found;
}

function names(snapshot: TaskGraphSnapshot, ids: readonly number[]): string[] {
  return ids.map((id) => snapshot.nodes.find((each) => each.id === id)?.name ?? `?${id}`);
}

describe("takeTaskSnapshot", () => {
  it("names each task's state: running, pending, cancelling, not started", async () => {
    await withTaskLoop(async ({ loop }) => {
      const gates = [new Future({ loop }), new Future({ loop }), new Future({ loop })];
      const [first, second, third] = gates as [Future<unknown>, Future<unknown>, Future<unknown>];
      const stubborn = createTask(
        async function stubborn() {
          try {
            await first;
          } finally {
            await second;
          }
        },
        { name: "stubborn" },
      );
      const waiting = createTask(() => third, { name: "waiting" });
      await sleep(0);
      stubborn.cancel();
      await sleep(0);
      const fresh = createTask(() => third, { name: "fresh" });
      const snapshot = takeTaskSnapshot();
      expect(node(snapshot, currentTask()?.getName() as string).state).toBe("running");
      expect(node(snapshot, "waiting").state).toBe("pending");
      expect(node(snapshot, "stubborn").state).toBe("cancelling");
      expect(node(snapshot, "fresh").state).toBe("not started");
      expect(snapshot.libraryLoaded).toBe(true);
      expect(snapshot.pid).toBe(process.pid);
      expect(snapshot.loop).toMatchObject({ running: true, closed: false, debug: false });
      second.setResult(null);
      third.setResult(null);
      await gather(stubborn, waiting, fresh, { returnExceptions: true });
    });
  });

  it("says what each task awaits: a task, a gather's children, a sleep, a bare yield, a Future", async () => {
    const worker = coroutine(async function worker() {
      await sleep(10);
    });
    await withTaskLoop(async ({ loop }) => {
      const future = new Future({ loop });
      const one = createTask(worker(), { name: "one" });
      const two = createTask(() => future, { name: "two" });
      const parent = createTask(() => gather(one, two), { name: "parent" });
      const awaiter = createTask(() => parent, { name: "awaiter" });
      const yielder = createTask(
        async function yielder() {
          for (;;) await sleep(0);
        },
        { name: "yielder" },
      );
      await sleep(0);
      const snapshot = takeTaskSnapshot();
      expect(node(snapshot, "parent").awaits).toEqual([
        { label: "gather()", future: null, waitsOn: [graphIdOf(one), graphIdOf(two)] },
      ]);
      expect(node(snapshot, "awaiter").awaits).toEqual([
        { label: "parent", future: graphIdOf(parent), waitsOn: [graphIdOf(parent)] },
      ]);
      expect(node(snapshot, "one").awaits[0]?.label).toBe("sleep(10)");
      expect(node(snapshot, "one").stack.map((frame) => frame.name)).toEqual(["sleep", "worker"]);
      expect(node(snapshot, "two").awaits[0]?.label).toBe("<Future pending>");
      expect(node(snapshot, "yielder").awaits).toEqual([
        { label: "sleep(0)", future: null, waitsOn: [] },
      ]);
      expect(names(snapshot, node(snapshot, "one").awaitedBy)).toEqual(["parent"]);
      expect(names(snapshot, node(snapshot, "two").awaitedBy)).toEqual(["parent"]);
      expect(names(snapshot, node(snapshot, "parent").awaitedBy)).toEqual(["awaiter"]);
      expect(names(snapshot, node(snapshot, "<Future pending>").awaitedBy)).toEqual(["two"]);
      yielder.cancel();
      parent.cancel();
      future.cancel();
      await gather(awaiter, yielder, { returnExceptions: true });
    });
  });

  it("a task group's task waits on the group's tasks from their creation (taskgroups.py::TaskGroup.create_task, future_add_to_awaited_by)", async () => {
    await withTaskLoop(async ({ loop }) => {
      const gate = new Future({ loop });
      let seen: TaskGraphSnapshot | null = null;
      await taskGroup(async (tg) => {
        tg.createTask(() => gate, { name: "child" });
        await sleep(0);
        seen = takeTaskSnapshot();
        gate.setResult(null);
      });
      const snapshot = seen as unknown as TaskGraphSnapshot;
      const main = currentTask()?.getName();
      expect(names(snapshot, node(snapshot, "child").awaitedBy)).toEqual([main]);
      // Once the group is left, the edge is gone with the group.
      const after = takeTaskSnapshot();
      expect(after.nodes.map((each) => each.name)).toEqual([main]);
    });
  });

  it("a started task awaiting nothing of ours waits on a foreign Promise; recorded, its site is where it awaits", async () => {
    startRecordingSites();
    try {
      await withTaskLoop(async () => {
        let release: () => void = () => {};
        const foreign = new Promise<void>((resolve) => {
          release = resolve;
        });
        const blocked = createTask(
          async function blocked() {
            await foreign;
          },
          { name: "blocked" },
        );
        await sleep(0);
        await sleep(0);
        const snapshot = takeTaskSnapshot();
        const seen = node(snapshot, "blocked");
        expect(seen.blockedOnForeign).toBe(true);
        expect(seen.awaits).toEqual([]);
        expect(seen.located).toBe(true);
        expect(seen.stack[0]).toMatchObject({ name: "blocked", isAsync: true });
        expect(seen.stack[0]?.fileName).toMatch(/task-snapshot\.test\.ts$/);
        const creators = seen.createdAt?.map((frame) => frame.fileName ?? "") ?? [];
        expect(creators.some((file) => file.endsWith("task-snapshot.test.ts"))).toBe(true);
        expect(snapshot.recordingSites).toBe(true);
        release();
        await blocked;
      });
    } finally {
      stopRecordingSites();
    }
  });

  it("the running stack, when asked for, is the stack below the snapshot", async () => {
    function probe(): TaskGraphSnapshot {
      return takeTaskSnapshot({ runningStack: true });
    }
    await withTaskLoop(async () => {
      const snapshot = probe();
      expect(snapshot.runningStack?.[0]?.name).toBe("probe");
      expect(takeTaskSnapshot().runningStack).toBeNull();
    });
  });
});
