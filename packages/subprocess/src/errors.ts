/**
 * The errors of process control, as Python's built-ins: `ProcessLookupError` for a signal to a
 * process that is gone, `FileNotFoundError`/`PermissionError` (the classes of `@asyncio/streams`)
 * for a program that can't be run.
 */
import { statSync } from "node:fs";
import { FileNotFoundError, OSError, PermissionError } from "@asyncio/streams";

/** The process has already exited (Python's `ProcessLookupError`). */
export class ProcessLookupError extends OSError {
  override readonly name: string = "ProcessLookupError";
}

/** Python's `FileNotFoundError` for a program or directory that doesn't exist. @internal */
export function missingProgram(path: string, cause?: unknown): FileNotFoundError {
  return new FileNotFoundError(
    `[Errno 2] No such file or directory: ${pythonRepr(path)}`,
    "ENOENT",
    cause === undefined ? undefined : { cause },
  );
}

/** Python's `PermissionError` for a program that can't be executed. @internal */
export function deniedProgram(path: string, cause?: unknown): PermissionError {
  return new PermissionError(
    `[Errno 13] Permission denied: ${pythonRepr(path)}`,
    "EACCES",
    cause === undefined ? undefined : { cause },
  );
}

/** A string as Python's `repr()` shows it in these messages. */
function pythonRepr(text: string): string {
  return text.includes("'") && !text.includes('"')
    ? `"${text}"`
    : `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Maps an error of Node's `spawn` to Python's class and message; `program` and `cwd` say what
 * was missing (Node's message names neither precisely). @internal
 */
export function fromSpawnError(error: unknown, program: string, cwd: string | undefined): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") {
    // A missing working directory fails the spawn with the same code as a missing program.
    return missingProgram(cwd !== undefined && !exists(cwd) ? cwd : program, error);
  }
  if (code === "EACCES") return deniedProgram(program, error);
  if (typeof code === "string") return new OSError(error.message, code, { cause: error });
  return error;
}
