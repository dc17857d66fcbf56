/**
 * Checks of the options the executor and the worker share, so that both refuse a bad value the
 * same way: a TypeError for the wrong kind of value, a ValueError for a value out of range, each
 * naming the option and quoting the value.
 */
import { ValueError } from "@asyncio/futures";
import { describe } from "@asyncio/futures/contract";

export function checkQueueName(queueName: unknown, caller: string): void {
  if (typeof queueName !== "string" || queueName === "") {
    throw new TypeError(
      `${caller} queueName must be a non-empty string, got ${describe(queueName)}`,
    );
  }
  if (queueName.includes(":")) {
    throw new ValueError(
      `${caller} queueName must not contain ":" (BullMQ separates its keys with it), got ${describe(queueName)}`,
    );
  }
}

export function checkPrefix(prefix: unknown, caller: string): void {
  if (typeof prefix !== "string" || prefix === "") {
    throw new TypeError(`${caller} prefix must be a non-empty string, got ${describe(prefix)}`);
  }
}

/** An integer option `>= min`. */
export function checkInteger(value: unknown, name: string, caller: string, min: number): void {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new TypeError(`${caller} ${name} must be an integer, got ${describe(value)}`);
  }
  if (value < min) {
    throw new ValueError(`${caller} ${name} must be at least ${min}, got ${value}`);
  }
}

/** A duration option in seconds, finite and greater than 0. */
export function checkSeconds(value: unknown, name: string, caller: string): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${caller} ${name} must be a number of seconds, got ${describe(value)}`);
  }
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(
      `${caller} ${name} must be a finite number of seconds greater than 0, got ${value}`,
    );
  }
}
