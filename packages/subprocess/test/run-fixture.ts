/**
 * Runs a scenario of test/fixtures in a `node` process of its own, importing the TypeScript
 * sources: for what only a whole process shows, such as that it exits by itself once `run()` has
 * returned.
 */
import { fileURLToPath } from "node:url";
import { runSourceScript, type ScriptRun } from "../../futures/test/support/run-source-script.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Runs `fixtures/<name>` with `args`; a process still alive after `limitMs` is killed. */
export function runFixture(
  name: string,
  args: readonly string[] = [],
  limitMs = 20_000,
): Promise<ScriptRun> {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return runSourceScript(script, { cwd: packageDir, args, limitMs });
}
