/**
 * `asyncio-ps`'s table: one row per task and awaiter (a task nobody awaits has one row with
 * empty awaiter columns), in the columns of Python 3.14's `python -m asyncio ps` plus the task's
 * state, what it awaits and where it waits.
 */
import type { TaskGraphSnapshot } from "@asyncio/tasks";
import { tasksById } from "./await-graph.js";
import { hexId, location } from "./internal/frames.js";

const HEADER = [
  "tid",
  "task id",
  "task name",
  "state",
  "coroutine stack",
  "awaits",
  "location",
  "awaiter chain",
  "awaiter name",
  "awaiter id",
] as const;

/** The rows of the table, without the header. */
function taskTableRows(snapshot: TaskGraphSnapshot): string[][] {
  const tasks = tasksById(snapshot);
  const rows: string[][] = [];
  for (const task of tasks.values()) {
    const stack = task.stack.map((frame) => frame.name).join(" -> ");
    const awaits = task.blockedOnForeign
      ? "a foreign Promise"
      : task.awaits.map((each) => each.label).join(", ");
    const own = [
      String(snapshot.threadId),
      hexId(task.id),
      task.name,
      task.state,
      stack,
      awaits,
      location(task.stack),
    ];
    const awaiters = task.awaitedBy.map((id) => tasks.get(id)).filter((each) => each !== undefined);
    if (awaiters.length === 0) rows.push([...own, "", "", "0x0"]);
    for (const awaiter of awaiters) {
      const chain = awaiter.stack.map((frame) => frame.name).join(" -> ");
      rows.push([...own, chain, awaiter.name, hexId(awaiter.id)]);
    }
  }
  return rows;
}

/** The table as text: a header, a rule, and the rows in columns as wide as their contents. */
export function formatTaskTable(snapshot: TaskGraphSnapshot): string {
  const rows = taskTableRows(snapshot);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1));
  return [line(HEADER), rule, ...rows.map(line)].join("\n");
}
