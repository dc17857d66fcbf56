/**
 * Finding a program the way `execvp()` does, for the one case where the child is started through
 * `/bin/sh` (stderr joined into a stdout pipe): the shell would report a missing program as exit
 * status 127, where Python raises `FileNotFoundError`. Looking the program up first lets this
 * case raise what Python raises; the shell then runs exactly what was found.
 */
import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";
import { deniedProgram, missingProgram } from "./errors.js";

/** libuv's search path when the child's environment has no `PATH`. */
const DEFAULT_PATH = "/usr/bin:/bin";

type Verdict = "ok" | "missing" | "denied";

function classify(candidate: string): Verdict {
  let isFile: boolean;
  try {
    isFile = statSync(candidate).isFile();
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === "EACCES" ? "denied" : "missing";
  }
  // execve() of a directory or of a file without an execute bit fails with EACCES.
  if (!isFile) return "denied";
  try {
    accessSync(candidate, constants.X_OK);
    return "ok";
  } catch {
    return "denied";
  }
}

/**
 * Throws `FileNotFoundError` or `PermissionError` (with Python's messages) unless `program` can
 * be executed by a child started in `cwd` with `env`. @internal
 */
export function checkProgram(
  program: string,
  env: Readonly<Record<string, string>> | undefined,
  cwd: string | undefined,
): void {
  const base = cwd ?? process.cwd();
  let verdict: Verdict;
  if (program.includes("/")) {
    verdict = classify(resolve(base, program));
  } else {
    const path = (env === undefined ? process.env.PATH : env.PATH) ?? DEFAULT_PATH;
    verdict = "missing";
    for (const dir of path.split(":")) {
      const found = classify(resolve(base, dir === "" ? "." : dir, program));
      if (found === "ok") return;
      // As execvp(): a match that can't be run is remembered, and the search goes on.
      if (found === "denied") verdict = "denied";
    }
  }
  if (verdict === "missing") throw missingProgram(program);
  if (verdict === "denied") throw deniedProgram(program);
}
