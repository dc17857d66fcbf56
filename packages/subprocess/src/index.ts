export { DEVNULL, PIPE, STDOUT, type StdioOption } from "./constants.js";
export { createSubprocessExec, createSubprocessShell } from "./create-subprocess.js";
export { FileNotFoundError, PermissionError, ProcessLookupError } from "./errors.js";
export type { SubprocessOptions } from "./options.js";
export { type CommunicateResult, Process } from "./process.js";
