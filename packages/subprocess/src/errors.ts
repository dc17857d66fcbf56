/**
 * The errors of process control, as Python's built-ins: `ProcessLookupError` for a signal to a
 * process that is gone, `FileNotFoundError`/`PermissionError` for a program that can't be run.
 */
import { OSError } from "@asyncio/streams";

/** The process has already exited (Python's `ProcessLookupError`). */
export class ProcessLookupError extends OSError {
  override readonly name: string = "ProcessLookupError";
}

/** The program was not found (`ENOENT`). */
export class FileNotFoundError extends OSError {
  override readonly name: string = "FileNotFoundError";
}

/** The program can't be run (`EACCES`). */
export class PermissionError extends OSError {
  override readonly name: string = "PermissionError";
}

/** Maps a spawn error to its Python class. @internal */
export function fromSpawnError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === "ENOENT") return new FileNotFoundError(error.message, code, { cause: error });
  if (code === "EACCES") return new PermissionError(error.message, code, { cause: error });
  if (typeof code === "string") return new OSError(error.message, code, { cause: error });
  return error;
}
