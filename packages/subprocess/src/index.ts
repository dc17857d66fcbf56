/** Raised when a program can't be found or run; the same classes as `@asyncio/streams`'. */
export { FileNotFoundError, PermissionError } from "@asyncio/streams";
export { DEVNULL, PIPE, STDOUT, type StdioOption } from "./constants.js";
export { createSubprocessExec, createSubprocessShell } from "./create-subprocess.js";
export { ProcessLookupError } from "./errors.js";
export type { SubprocessOptions } from "./options.js";
export { type CommunicateResult, Process } from "./process.js";
