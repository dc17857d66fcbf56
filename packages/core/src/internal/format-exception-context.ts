/** Formats an exception-handler context the way Python's default handler logs it. */
import type { ExceptionContext } from "@asyncio/futures";

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

export function formatExceptionContext(context: ExceptionContext): string {
  const lines = [context.message ?? "Unhandled exception in event loop"];
  for (const key of Object.keys(context).sort()) {
    if (key === "message" || key === "exception") continue;
    lines.push(`${key}: ${formatValue(context[key])}`);
  }
  const exception = context.exception;
  if (exception !== undefined) {
    lines.push(
      exception instanceof Error && exception.stack
        ? exception.stack
        : `exception: ${formatValue(exception)}`,
    );
  }
  return lines.join("\n");
}
