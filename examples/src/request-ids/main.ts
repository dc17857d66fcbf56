/**
 * Request ids through context variables. Three requests are handled at the same time, each in
 * a task of its own; the handler sets the request id once, and every line logged on behalf of
 * that request carries it — from the handler after awaits of foreign Promises, from a child
 * task it starts, from a loop callback it schedules, and from a function it runs on a worker
 * thread. Outside the handlers the id is unset.
 *
 * Each task runs in a copy of the context of the code that created it, so a `set()` in one
 * handler is invisible to the others and to `main`.
 *
 * Shows: `ContextVar`, tasks and contexts, `loop.callSoon`, `toThread` with context.
 *
 * Run it with `node examples/dist/request-ids/main.js`. The three requests' lines interleave
 * differently from run to run; each line still names its own request.
 */
import { setTimeout as delay } from "node:timers/promises";
import { run } from "@asyncio/core";
import { getRunningLoop } from "@asyncio/futures";
import { createTask, taskGroup } from "@asyncio/tasks";
import { moduleFunction, toThread } from "@asyncio/to-thread";
import { log, requestId } from "./request-log.js";

const renderPage = moduleFunction<typeof import("./render.js")["renderPage"]>(
  new URL("./render.js", import.meta.url),
  "renderPage",
);

interface Request {
  readonly id: string;
  readonly user: string;
  readonly path: string;
}

const REQUESTS: readonly Request[] = [
  { id: "req-1", user: "alice", path: "/reports/7" },
  { id: "req-2", user: "bob", path: "/settings" },
  { id: "req-3", user: "carol", path: "/" },
];

/** Writes an audit entry: a task of its own, which runs in a copy of the handler's context. */
async function audit(user: string): Promise<void> {
  log(`audit: ${user} was here`);
}

const THEMES: Readonly<Record<string, string>> = {
  alice: "dark",
  bob: "large print",
  carol: "plain",
};

/** Loads what the page needs (a foreign Promise stands in for a database query). */
async function loadTheme(user: string): Promise<string> {
  await delay(5);
  log(`loaded ${user}'s settings`); // still the right id: the context follows foreign awaits
  return THEMES[user] ?? "plain";
}

async function handle(request: Request): Promise<void> {
  requestId.set(request.id); // for this task, and everything it starts from here on
  log(`GET ${request.path} from ${request.user}`);
  const auditing = createTask(() => audit(request.user));
  getRunningLoop().callSoon(() => log("callback: request accepted"));
  const theme = await loadTheme(request.user);
  const page = await toThread(renderPage, request.path, theme); // the worker sees the id too
  log(`thread: ${page}`);
  await auditing;
  log("200 OK");
}

await run(async () => {
  log(`handling ${REQUESTS.length} requests at once`);
  await taskGroup(async (group) => {
    for (const request of REQUESTS) group.createTask(() => handle(request));
  });
  log("all requests answered");
});
