/**
 * Where the loop writes what Python's `asyncio` logger would: the default exception handler's
 * reports and debug-mode warnings. Replace it to route them elsewhere (or to capture them in tests).
 */
export interface Logger {
  error(message: string): void;
  warning(message: string): void;
}

const consoleLogger: Logger = {
  error: (message) => console.error(message),
  warning: (message) => console.warn(message),
};

let current: Logger = consoleLogger;

/** The logger in use. */
export function getLogger(): Logger {
  return current;
}

/** Sets the logger (`null` restores the console). */
export function setLogger(logger: Logger | null): void {
  current = logger ?? consoleLogger;
}
