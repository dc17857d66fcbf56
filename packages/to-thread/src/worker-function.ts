/**
 * What a worker thread can run. A JavaScript function can't take its closure to another thread, so
 * a call names its function in one of two ways: a self-contained function, whose source text is
 * compiled again in the worker, or a function exported from a module, which the worker imports.
 * A `WorkerFunction` also carries how a running call reacts to cancellation.
 */
import type { ExecutorFunctionRef } from "@asyncio/core";
import { describe } from "@asyncio/futures/contract";
import { checkOptionNames } from "./internal/option-checks.js";
import { shadowedGlobals } from "./internal/shadowed-globals.js";

/**
 * What cancelling a call that already runs in a worker does. A call still queued is always
 * removed and never runs.
 * - `"detach"` (the default, as Python): the awaiter gets `CancelledError` at once; the call runs
 *   on and its result is discarded.
 * - `"terminate"`: the worker is killed (the function stops mid-way) and replaced.
 * - `"cooperative"`: the function receives a `CancelSignal` as its first argument and is expected
 *   to poll it and return early; the awaiter gets `CancelledError` at once.
 */
export type CancelPolicy = "detach" | "terminate" | "cooperative";

/**
 * The first argument of a `"cooperative"` function: an `AbortSignal` whose `aborted` flag (and
 * `throwIfAborted()`) reflect a cancellation at once, even while the function never yields to
 * the worker's event loop, because it reads shared memory. Its `abort` event fires when the
 * worker's event loop gets a turn, so it can also be passed to `fetch` and friends.
 */
export type CancelSignal = AbortSignal;

/** The options of `threadFunction` and `moduleFunction`. */
export interface WorkerFunctionOptions {
  /** What cancelling the call while it runs does (default `"detach"`). */
  onCancel?: CancelPolicy;
}

/** The worker-side description of a function: its source, or the module and export to import. */
export type WorkerFunctionTarget =
  | { readonly kind: "source"; readonly source: string }
  | { readonly kind: "module"; readonly url: string; readonly exportName: string };

let nextKey = 1;

/**
 * A function that a worker thread can run, with its cancellation policy; make one with
 * `threadFunction` or `moduleFunction`. `A` and `R` are the arguments and result the caller sees.
 */
export class WorkerFunction<A extends unknown[], R> implements ExecutorFunctionRef<A, R> {
  declare readonly "~signature": (...args: A) => R;
  /** Identifies the function to the workers, which compile or import it once. @internal */
  readonly _key: number = nextKey++;
  readonly target: WorkerFunctionTarget;
  readonly onCancel: CancelPolicy;
  /** How errors name the function. */
  readonly label: string;

  /** @internal Use `threadFunction` or `moduleFunction`. */
  constructor(target: WorkerFunctionTarget, label: string, onCancel: CancelPolicy) {
    this.target = target;
    this.label = label;
    this.onCancel = onCancel;
  }

  toString(): string {
    return `<WorkerFunction ${this.label} onCancel=${this.onCancel}>`;
  }
}

/** True for a `WorkerFunction`. */
export function isWorkerFunction(value: unknown): value is WorkerFunction<unknown[], unknown> {
  return value instanceof WorkerFunction;
}

/** Any function, whatever its parameters. */
export type AnyFunction = (...args: never[]) => unknown;
/** The parameters of a cooperative function without its leading `CancelSignal`: what its callers pass. */
export type WithoutSignal<P> = P extends [CancelSignal, ...infer Rest] ? Rest : never;

const sourceCache = new WeakMap<AnyFunction, WorkerFunction<never, unknown>>();

function checkPolicy(options: WorkerFunctionOptions | undefined, caller: string): CancelPolicy {
  if (options === undefined) return "detach";
  checkOptionNames(options, {
    caller: `${caller}()`,
    argument: "options",
    entry: "option",
    known: ["onCancel"],
  });
  const policy = options.onCancel ?? "detach";
  if (policy !== "detach" && policy !== "terminate" && policy !== "cooperative") {
    throw new TypeError(
      `${caller}() onCancel must be "detach", "terminate" or "cooperative", got ${describe(policy)}`,
    );
  }
  return policy;
}

/** The source of `fn` as an expression the worker can compile, or a TypeError saying why not. */
function sourceOf(fn: AnyFunction, caller: string): string {
  const source = Function.prototype.toString.call(fn);
  const name = describe(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw new TypeError(
      `${caller}() can't send ${name} to a worker thread: built-in and bound functions have no source; wrap the call in a self-contained function`,
    );
  }
  if (/^class\b/.test(source)) {
    throw new TypeError(`${caller}() expects a function, got class ${fn.name}`);
  }
  // Method shorthand (`{ work(n) {...} }`) isn't an expression on its own; make it one.
  if (!/^(async\s*)?(function\b|\(|[\w$]+\s*=>)/.test(source)) {
    return `({ ${source} })[${JSON.stringify(fn.name)}]`;
  }
  return source;
}

/**
 * The `WorkerFunction` for a self-contained function (cached per function for the default
 * policy). Used by `toThread` and the executor for plain functions. @internal
 */
export function sourceFunction(
  fn: AnyFunction,
  caller: string,
  policy: CancelPolicy = "detach",
): WorkerFunction<never, unknown> {
  if (policy === "detach") {
    const cached = sourceCache.get(fn);
    if (cached !== undefined) return cached;
  }
  const source = sourceOf(fn, caller);
  const shadowed = shadowedGlobals(fn, source);
  if (shadowed.length > 0) {
    const names = shadowed.map((name) => JSON.stringify(name)).join(", ");
    const one = shadowed.length === 1;
    throw new TypeError(
      `${caller}() can't send ${describe(fn)} to a worker thread: it uses ${names}, which where the function is written ${one ? "is a variable" : "are variables"} of the caller's own, but in the worker thread would be the worker's global${one ? "" : "s"} of that name; pass ${one ? "it as an argument" : "them as arguments"}, import ${one ? "it" : "them"} inside the function with await import(...), or export the function from a module and use moduleFunction()`,
    );
  }
  const made = new WorkerFunction<never, unknown>(
    { kind: "source", source },
    `function ${fn.name || "(anonymous)"}`,
    policy,
  );
  if (policy === "detach") sourceCache.set(fn, made);
  return made;
}

/**
 * A self-contained function with options for running it in a worker thread. The function may use
 * only its arguments, globals and what it imports with `await import(...)` inside its body.
 *
 * @example
 * ```ts
 * const count = threadFunction(
 *   (signal: CancelSignal, n: number) => {
 *     let i = 0;
 *     while (i < n && !signal.aborted) i++;
 *     return i;
 *   },
 *   { onCancel: "cooperative" },
 * );
 * await toThread(count, 1e9); // cancelling the awaiting task stops the loop in the worker
 * ```
 */
export function threadFunction<F extends (signal: CancelSignal, ...args: never[]) => unknown>(
  fn: F,
  options: WorkerFunctionOptions & { onCancel: "cooperative" },
): WorkerFunction<WithoutSignal<Parameters<F>>, Awaited<ReturnType<F>>>;
export function threadFunction<F extends AnyFunction>(
  fn: F,
  options?: WorkerFunctionOptions & { onCancel?: "detach" | "terminate" },
): WorkerFunction<Parameters<F>, Awaited<ReturnType<F>>>;
export function threadFunction(
  fn: AnyFunction,
  options?: WorkerFunctionOptions,
): WorkerFunction<never, unknown> {
  if (typeof fn !== "function") {
    throw new TypeError(`threadFunction() fn must be a function, got ${describe(fn)}`);
  }
  return sourceFunction(fn, "threadFunction", checkPolicy(options, "threadFunction"));
}

/**
 * A function exported from a module, to run in a worker thread: the worker imports `url` (write it
 * as `new URL("./work.js", import.meta.url)`, which bundlers understand) and calls its export
 * `exportName`. Give the export's type as the type argument to check arguments and result. The
 * module must be JavaScript that Node can import by itself.
 *
 * @example
 * ```ts
 * // work.js: export function hash(data) { ... }
 * const hash = moduleFunction<(typeof import("./work.js"))["hash"]>(
 *   new URL("./work.js", import.meta.url),
 *   "hash",
 * );
 * const digest = await toThread(hash, bytes);
 * ```
 */
export function moduleFunction<F extends (signal: CancelSignal, ...args: never[]) => unknown>(
  url: URL | string,
  exportName: string,
  options: WorkerFunctionOptions & { onCancel: "cooperative" },
): WorkerFunction<WithoutSignal<Parameters<F>>, Awaited<ReturnType<F>>>;
export function moduleFunction<F extends AnyFunction = (...args: unknown[]) => unknown>(
  url: URL | string,
  exportName: string,
  options?: WorkerFunctionOptions & { onCancel?: "detach" | "terminate" },
): WorkerFunction<Parameters<F>, Awaited<ReturnType<F>>>;
export function moduleFunction(
  url: URL | string,
  exportName: string,
  options?: WorkerFunctionOptions,
): WorkerFunction<never, unknown> {
  let href: string;
  if (url instanceof URL) href = url.href;
  else if (typeof url === "string" && URL.canParse(url)) href = url;
  else {
    throw new TypeError(
      `moduleFunction() url must be a URL such as new URL("./work.js", import.meta.url), got ${describe(url)}`,
    );
  }
  if (typeof exportName !== "string" || exportName === "") {
    throw new TypeError(
      `moduleFunction() exportName must be the name of an export, got ${describe(exportName)}`,
    );
  }
  return new WorkerFunction<never, unknown>(
    { kind: "module", url: href, exportName },
    `export ${JSON.stringify(exportName)} of ${href}`,
    checkPolicy(options, "moduleFunction"),
  );
}
