/**
 * The live task tree the page draws: every task the scenario starts, who started it, what it
 * awaits right now, and how it ended. Tasks report through `track()` and `awaiting()`, so the
 * tree is built from the public API alone (done callbacks, `cancelling()`), and a change
 * notifies the page at once, which redraws.
 */
import type { Task } from "@asyncio/tasks";

type NodeState = "running" | "awaiting" | "cancelling" | "done" | "failed" | "cancelled";

export interface TreeNode {
  readonly name: string;
  readonly parent: string | null;
  state: NodeState;
  /** What the task awaits now: another task's name, or a description ("sleep(0.5)"). */
  awaits: string | null;
}

export class TaskTree {
  readonly nodes: Map<string, TreeNode> = new Map();
  /** What happened, in order: the page's log. */
  readonly events: string[] = [];
  private readonly onChange: () => void;

  constructor(onChange: () => void = () => {}) {
    this.onChange = onChange;
  }

  /** Adds `task` under `parent` and follows it to its end. */
  track(task: Task<unknown>, parent: Task<unknown> | null): void {
    const name = task.getName();
    this.nodes.set(name, {
      name,
      parent: parent === null ? null : parent.getName(),
      state: "running",
      awaits: null,
    });
    this.event(`${name} started${parent === null ? "" : ` by ${parent.getName()}`}`);
    task.addDoneCallback(() => {
      const node = this.nodes.get(name) as TreeNode;
      node.awaits = null;
      node.state = task.cancelled() ? "cancelled" : task.exception() !== null ? "failed" : "done";
      this.event(`${name} ${node.state}`);
    });
  }

  /** `task` now awaits `what` (a task or a description); `null` once it goes on. */
  awaiting(task: Task<unknown>, what: Task<unknown> | string | null): void {
    const node = this.nodes.get(task.getName());
    if (node === undefined || node.state === "done" || node.state === "cancelled") return;
    node.awaits = what === null ? null : typeof what === "string" ? what : what.getName();
    node.state = what === null ? "running" : "awaiting";
    if (what !== null) this.event(`${node.name} awaits ${node.awaits}`);
    else this.onChange();
  }

  /** `task` was asked to cancel (`task.cancel()`); it is "cancelling" until it ends. */
  cancelRequested(task: Task<unknown>, by: string): void {
    const node = this.nodes.get(task.getName());
    if (node === undefined || task.done()) return;
    node.state = "cancelling";
    this.event(`${node.name} cancel requested by ${by} (cancelling() = ${task.cancelling()})`);
  }

  /** The children of `parent` (`null`: the roots), in the order they started. */
  children(parent: string | null): TreeNode[] {
    return [...this.nodes.values()].filter((node) => node.parent === parent);
  }

  /** The tree as indented text, one task a line: what the page shows and the tests read. */
  render(): string {
    const lines: string[] = [];
    const walk = (parent: string | null, depth: number): void => {
      for (const node of this.children(parent)) {
        const awaits = node.awaits === null ? "" : ` → ${node.awaits}`;
        lines.push(`${"  ".repeat(depth)}${node.name} [${node.state}]${awaits}`);
        walk(node.name, depth + 1);
      }
    };
    walk(null, 0);
    return lines.join("\n");
  }

  private event(text: string): void {
    this.events.push(text);
    this.onChange();
  }
}
