import { describe } from "@asyncio/futures";

/** `TypeError` for an argument that is not a `Uint8Array`. */
export function checkBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a Uint8Array, got ${describe(value)}`);
  }
}

/** A TCP port: an integer from 0 to 65535 (`null`/`undefined` mean 0 where allowed). */
export function checkPort(port: unknown, method: string): number {
  if (typeof port !== "number" || !Number.isInteger(port)) {
    throw new TypeError(`${method}() port must be an integer, got ${describe(port)}`);
  }
  if (port < 0 || port > 65535) {
    throw new RangeError(`${method}() port must be 0-65535, got ${port}`);
  }
  return port;
}

export function checkHost(host: unknown, method: string): string {
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`${method}() host must be a non-empty string, got ${describe(host)}`);
  }
  return host;
}

export function checkPath(path: unknown, method: string): string {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`${method}() path must be a non-empty string, got ${describe(path)}`);
  }
  return path;
}

export function checkFactory(factory: unknown, method: string): void {
  if (typeof factory !== "function") {
    throw new TypeError(`${method}() protocolFactory must be a function, got ${describe(factory)}`);
  }
}
