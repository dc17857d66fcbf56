/**
 * Formats an exception-handler context the way Python's default handler logs it: the message,
 * each other key, then the traceback. An exception group prints each member under it, numbered,
 * as Python does, so that no member's stack is hidden behind the group's.
 */
import { type BaseExceptionGroup, type ExceptionContext, isExceptionGroup } from "@asyncio/futures";
import type { StackFrame } from "@asyncio/tasks";
import { formatTraceback } from "../diagnostics/tracebacks.js";

function formatValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}(${JSON.stringify(value.message)})`;
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && "toString" in value) {
    const text = String(value);
    if (text !== "[object Object]") return text;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The stack of `error` (or its description), with the members of a group below it. */
function formatError(error: unknown, seen: Set<unknown> = new Set()): string {
  if (!(error instanceof Error)) return `exception: ${formatValue(error)}`;
  const own = error.stack || String(error);
  if (!isExceptionGroup(error) || seen.has(error)) return own;
  seen.add(error);
  const members = (error as BaseExceptionGroup<unknown>).exceptions;
  const lines = [own];
  members.forEach((member, index) => {
    lines.push(`  +---------------- ${index + 1} ----------------`);
    for (const line of formatError(member, seen).split("\n")) lines.push(`  | ${line}`);
  });
  lines.push("  +------------------------------------");
  return lines.join("\n");
}

export function formatExceptionContext(context: ExceptionContext): string {
  const lines = [context.message ?? "Unhandled exception in event loop"];
  for (const key of Object.keys(context).sort()) {
    if (key === "message" || key === "exception") continue;
    const value = context[key];
    if (key === "source_traceback" && Array.isArray(value)) {
      // Where the object was created, recorded in debug mode: Python's wording.
      const traceback = formatTraceback(value as StackFrame[]);
      lines.push(`${key}: Object created at (most recent call last):\n${traceback}`);
      continue;
    }
    lines.push(`${key}: ${formatValue(value)}`);
  }
  if (context.exception !== undefined) lines.push(formatError(context.exception));
  return lines.join("\n");
}
