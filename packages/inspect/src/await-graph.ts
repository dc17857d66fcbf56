/**
 * The tasks of a snapshot as a graph of who awaits whom — an edge from each task to every task it
 * waits on (through `await`, `gather`, a `TaskGroup`, a lock's holder) — and its cycles: two tasks
 * that end up waiting on each other are a deadlock, which Python's `pstree` refuses to draw as a
 * tree and names instead.
 */
import type { SnapshotNode, TaskGraphSnapshot } from "@asyncio/tasks";

/** The task nodes of `snapshot`, by id. */
export function tasksById(snapshot: TaskGraphSnapshot): Map<number, SnapshotNode> {
  const tasks = new Map<number, SnapshotNode>();
  for (const node of snapshot.nodes) if (node.kind === "task") tasks.set(node.id, node);
  return tasks;
}

/** For each task, the tasks it waits on (in the snapshot's order). */
export function awaitedTasks(snapshot: TaskGraphSnapshot): Map<number, number[]> {
  const tasks = tasksById(snapshot);
  const edges = new Map<number, number[]>();
  for (const id of tasks.keys()) edges.set(id, []);
  for (const node of tasks.values()) {
    for (const awaiter of node.awaitedBy) {
      const list = edges.get(awaiter);
      if (list !== undefined && !list.includes(node.id)) list.push(node.id);
    }
  }
  return edges;
}

/**
 * The cycles of the await graph, each a list of task ids that starts and ends with the same
 * task (`[a, b, a]`: a waits on b, which waits on a); empty when there is none.
 */
export function findAwaitCycles(snapshot: TaskGraphSnapshot): number[][] {
  const edges = awaitedTasks(snapshot);
  const VISITING = 1;
  const DONE = 2;
  const state = new Map<number, number>();
  const path: number[] = [];
  const cycles: number[][] = [];
  const visit = (id: number): void => {
    state.set(id, VISITING);
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const seen = state.get(next);
      if (seen === undefined) visit(next);
      else if (seen === VISITING) cycles.push([...path.slice(path.indexOf(next)), next]);
    }
    path.pop();
    state.set(id, DONE);
  };
  for (const id of edges.keys()) if (!state.has(id)) visit(id);
  return cycles;
}
