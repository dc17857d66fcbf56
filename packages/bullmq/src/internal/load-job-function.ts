/**
 * Finds a job's function on the worker: imports the module by its URL and takes the named export,
 * once per function (later jobs of the same function skip the asynchronous import). A module that
 * can't be imported, a missing export or an export that isn't a function fails the job with an
 * error that says which, as a worker thread does for `moduleFunction`.
 */
import { describe } from "@asyncio/futures/contract";

type JobFunction = (...args: unknown[]) => unknown;

const loaded = new Map<string, JobFunction>();

export async function loadJobFunction(url: string, exportName: string): Promise<JobFunction> {
  const key = `${exportName}\u0000${url}`;
  const known = loaded.get(key);
  if (known !== undefined) return known;
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    // Only the import's own failure lands here: a cancellation of the job's task is delivered at
    // its next await of a library awaitable, never as the rejection of a foreign Promise.
    const failure = new Error(
      `moduleFunction(): cannot import ${url} on the cluster worker: ${(error as Error).message}`,
      { cause: error },
    );
    const code = (error as { code?: unknown }).code;
    if (code !== undefined) (failure as Error & { code?: unknown }).code = code;
    throw failure;
  }
  if (!(exportName in namespace)) {
    const names = Object.keys(namespace);
    throw new TypeError(
      `moduleFunction(): ${url} has no export named ${JSON.stringify(exportName)} (its exports: ${names.length === 0 ? "none" : names.join(", ")})`,
    );
  }
  const value = namespace[exportName];
  if (typeof value !== "function") {
    throw new TypeError(
      `moduleFunction(): export ${JSON.stringify(exportName)} of ${url} is ${describe(value)}, not a function`,
    );
  }
  loaded.set(key, value as JobFunction);
  return value as JobFunction;
}
