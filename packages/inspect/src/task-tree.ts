/**
 * `asyncio-pstree`'s tree, in the layout of Python 3.14's `python -m asyncio pstree`: each task
 * nobody awaits is a root; under a task come the frames where it waits (outermost first), and
 * under its innermost frame the tasks it waits on, down to tasks that wait on no task. A graph
 * with a cycle (a deadlock) has no tree: `AwaitCycleError` names its cycles instead.
 */
import type { TaskGraphSnapshot } from "@asyncio/tasks";
import { awaitedTasks, findAwaitCycles, tasksById } from "./await-graph.js";
import { frameLabel, hexId } from "./internal/frames.js";

/** The await graph has cycles: tasks waiting on each other, for ever. */
export class AwaitCycleError extends Error {
  /** Each cycle as task names, the first repeated at the end (`["a", "b", "a"]`). */
  readonly cycles: readonly (readonly string[])[];

  constructor(cycles: readonly (readonly string[])[]) {
    super(
      `await-graph contains cycles - cannot print a tree!\n\n${cycles
        .map((cycle) => `cycle: ${cycle.join(" → ")}`)
        .join("\n")}`,
    );
    this.name = "AwaitCycleError";
    this.cycles = cycles;
  }
}

interface TreeNode {
  readonly label: string;
  readonly children: TreeNode[];
  /** Frame nodes under this one, by label, so that tasks waiting at one frame share it. */
  readonly frames: Map<string, TreeNode>;
}

function treeNode(label: string): TreeNode {
  return { label, children: [], frames: new Map() };
}

function frameNode(parent: TreeNode, label: string): TreeNode {
  const known = parent.frames.get(label);
  if (known !== undefined) return known;
  const node = treeNode(` ${label}`);
  parent.frames.set(label, node);
  parent.children.push(node);
  return node;
}

function render(node: TreeNode, prefix: string, last: boolean, lines: string[]): void {
  lines.push(`${prefix}${last ? "└── " : "├── "}${node.label}`);
  const inner = `${prefix}${last ? "    " : "│   "}`;
  node.children.forEach((child, index) => {
    render(child, inner, index === node.children.length - 1, lines);
  });
}

/** The tree as text, one root after another; `AwaitCycleError` when the graph has a cycle. */
export function formatTaskTree(snapshot: TaskGraphSnapshot): string {
  const tasks = tasksById(snapshot);
  const cycles = findAwaitCycles(snapshot);
  if (cycles.length > 0) {
    throw new AwaitCycleError(
      cycles.map((cycle) => cycle.map((id) => tasks.get(id)?.name ?? hexId(id))),
    );
  }
  const edges = awaitedTasks(snapshot);
  const nodes = new Map<number, TreeNode>();
  for (const task of tasks.values()) nodes.set(task.id, treeNode(`(T) ${task.name}`));
  const awaited = new Set<number>();
  for (const [id, below] of edges) {
    const task = tasks.get(id);
    let at = nodes.get(id);
    if (task === undefined || at === undefined) continue;
    // The task's frames, outermost first, then what it waits on under the innermost one.
    for (let i = task.stack.length - 1; i >= 0; i--) {
      at = frameNode(at, frameLabel(task.stack[i] as (typeof task.stack)[number]));
    }
    for (const child of below) {
      const node = nodes.get(child);
      if (node === undefined) continue;
      at.children.push(node);
      awaited.add(child);
    }
  }
  const lines: string[] = [];
  for (const [id, node] of nodes) if (!awaited.has(id)) render(node, "", true, lines);
  return lines.join("\n");
}
