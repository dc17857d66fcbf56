// Vitest setup file on Bun and Deno (vitest.config.ts adds it there): a test listed in skips.mjs
// is skipped with its reason, which the reporter prints beside it.
import { relative } from "node:path";
import { beforeEach } from "vitest";
import { currentRuntime, skipReason } from "./skips.mjs";

const runtime = currentRuntime();
const root = new URL("../..", import.meta.url).pathname;

function fullName(task) {
  const names = [task.name];
  for (
    let suite = task.suite;
    suite !== undefined && suite.type !== undefined;
    suite = suite.suite
  ) {
    if (suite.name !== "" && suite.filepath === undefined) names.unshift(suite.name);
  }
  return names.join(" > ");
}

beforeEach((context) => {
  const file = relative(root, context.task.file.filepath).split("\\").join("/");
  const reason = skipReason(runtime, file, fullName(context.task));
  if (reason !== null) context.skip(`skipped on ${runtime}: ${reason}`);
});
