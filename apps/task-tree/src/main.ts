/// <reference lib="dom" />
/**
 * The page: runs the scenario on the event loop in the browser and redraws the task tree after
 * every change, then prints the summary and marks the page finished (`data-state`).
 */
import { run } from "@asyncio/core";
import { scenario } from "./scenario.js";
import { TaskTree } from "./task-tree.js";

const treeView = document.querySelector("#tree") as HTMLElement;
const logView = document.querySelector("#log") as HTMLElement;
const summaryView = document.querySelector("#summary") as HTMLElement;

const tree: TaskTree = new TaskTree(() => {
  treeView.textContent = tree.render();
  logView.textContent = tree.events.join("\n");
});

const pace = Number(new URLSearchParams(location.search).get("pace") ?? "0.4");

run(() => scenario(tree, pace)).then(
  (summary) => {
    summaryView.textContent = `finished: ${summary.fetched}; timeout hit: ${summary.timedOut}; ${summary.done} tasks done, ${summary.cancelled} cancelled`;
    document.body.dataset.state = "finished";
  },
  (error: unknown) => {
    summaryView.textContent = `failed: ${String(error)}`;
    document.body.dataset.state = "failed";
  },
);
