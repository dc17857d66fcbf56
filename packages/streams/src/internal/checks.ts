import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";

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

/** Python's resolver refuses a name with a NUL in it; Node would cut the name there. */
function refuseNul(name: string, what: string, method: string): void {
  if (name.includes("\0")) {
    throw new ValueError(`${method}() ${what}: embedded null character in ${describe(name)}`);
  }
}

export function checkHost(host: unknown, method: string): string {
  if (typeof host !== "string" || host === "") {
    throw new TypeError(`${method}() host must be a non-empty string, got ${describe(host)}`);
  }
  refuseNul(host, "host", method);
  return host;
}

/** The name a server's certificate must match. */
export function checkServerHostname(name: unknown, method: string): string {
  if (typeof name !== "string") {
    throw new TypeError(`${method}() serverHostname must be a string, got ${describe(name)}`);
  }
  refuseNul(name, "serverHostname", method);
  return name;
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
