/**
 * What crosses Redis between the executor and the workers. BullMQ stores a job's data and result
 * as JSON, which would turn a `Map` into `{}` and a `Date` into a string without a word; so the
 * arguments and the outcome travel as Node's structured-clone serialisation (the same copy rules
 * as a worker thread's messages) in base64, while the function's module and export stay readable
 * in the job's data for anyone inspecting the queue. Errors are encoded with the codec of
 * `@asyncio/to-thread`, so they cross as they cross from a worker thread.
 */
import { deserialize, serialize } from "node:v8";
import type { EncodedValue } from "@asyncio/to-thread/codec";

/** A job's data: the function by module and export, its cancellation policy, its arguments. */
export interface JobData {
  /** The URL of the module the worker imports. */
  readonly module: string;
  /** The name of the export the worker calls. */
  readonly export: string;
  readonly onCancel: "detach" | "cooperative";
  /** The arguments, serialised (see `encodeArgs`). */
  readonly args: string;
}

/** How a job ended on the worker, as the worker reports it in the job's return value. */
export type JobOutcome = { readonly ok: true; readonly value: unknown } | JobFailure;

/** The function threw, could not be loaded, or was cancelled. */
interface JobFailure {
  readonly ok: false;
  readonly error: EncodedValue;
  /** The job's Task was cancelled (the error is then a `CancelledError`). */
  readonly cancelled: boolean;
}

/** The arguments as one string; throws the structured-clone error if one can't be copied. */
export function encodeArgs(args: readonly unknown[]): string {
  return serialize(args).toString("base64");
}

export function decodeArgs(encoded: string): unknown[] {
  return deserialize(Buffer.from(encoded, "base64")) as unknown[];
}

/** The outcome as one string; throws the structured-clone error if the result can't be copied. */
export function encodeOutcome(outcome: JobOutcome): string {
  return serialize(outcome).toString("base64");
}

export function decodeOutcome(encoded: string): JobOutcome {
  return deserialize(Buffer.from(encoded, "base64")) as JobOutcome;
}

/**
 * The Redis pub/sub channel on which executors ask workers to cancel running cooperative jobs;
 * one per queue, beside the queue's own keys.
 */
export function cancelChannel(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:asyncio:cancel`;
}

/** BullMQ's default key prefix. */
export const DEFAULT_PREFIX = "bull";
