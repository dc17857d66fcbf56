/**
 * The request id of the request being handled, and a logger that prefixes every line with it.
 * The variable is created at the top level of this module, which is what lets a worker thread
 * that imports this module see its value too (see ./render.ts).
 */
import { ContextVar } from "@asyncio/futures";

/** The id of the request the current code works for; "-" outside any request. */
export const requestId: ContextVar<string> = new ContextVar<string>("requestId", { default: "-" });

/** Prints a line tagged with the current request id. */
export function log(message: string): void {
  console.log(`[${requestId.get()}] ${message}`);
}
