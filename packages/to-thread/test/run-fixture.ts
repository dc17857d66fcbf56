/**
 * Runs a scenario of test/fixtures in a `node` process of its own, importing the TypeScript
 * sources: for what only a whole process shows (that it exits by itself), and for worker threads
 * that must import the workspace's sources too.
 */
import { fileURLToPath } from "node:url";
import {
  runSourceScript,
  type ScriptOptions,
  type ScriptRun,
} from "../../futures/test/support/run-source-script.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Runs `fixtures/<name>`; a process still alive after `limitMs` is killed (code null). */
export function runFixture(
  name: string,
  options: Omit<ScriptOptions, "cwd"> = {},
): Promise<ScriptRun> {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  return runSourceScript(script, { loaderInWorkers: false, ...options, cwd: packageDir });
}
