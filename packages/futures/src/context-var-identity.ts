/**
 * A name for each `ContextVar` that two threads compute alike, so that a value set in one thread
 * can be given to "the same" variable in another (how `toThread` runs its function in a copy of
 * the caller's context). The identity is the URL of the module that created the variable plus its
 * name (`file:///app/request.js#requestId`), found once, when the variable is constructed. A
 * worker that imports that module creates its own variable with the same identity.
 *
 * Two variables with one identity in one thread (two of the same name in one module, or one
 * created over and over inside a function) can't be told apart: that identity is withdrawn and
 * neither variable crosses. A variable created outside any module file (in `eval`, a REPL) has no
 * identity. Python's advice holds here too: create context variables at the top level of a module.
 */
import type { Context, ContextVar } from "./context.js";

type AnyVar = ContextVar<unknown>;
type ContextClass = new (vars: ReadonlyMap<AnyVar, unknown>) => Context;

const AMBIGUOUS: unique symbol = Symbol("ambiguous");

interface Registry {
  /** Each identity of this thread: its variable, or AMBIGUOUS once a second one claimed it. */
  readonly vars: Map<string, WeakRef<AnyVar> | typeof AMBIGUOUS>;
  contextClass: ContextClass | null;
  /**
   * Runs `fn(...args)` in a new context holding `entries` (identity, value) for the variables
   * of this thread that have those identities; the others are skipped. Read by the worker
   * program of `@asyncio/to-thread`, which has no import of its own of this package.
   */
  readonly run: (
    entries: readonly [string, unknown][],
    fn: (...args: unknown[]) => unknown,
    args: unknown[],
  ) => unknown;
}

const registryKey = Symbol.for("@asyncio/futures:context-var-identities");
const globals = globalThis as unknown as Record<symbol, Registry | undefined>;

/** One registry per thread, even if this package is loaded twice in it. */
const registry: Registry =
  globals[registryKey] ??
  (globals[registryKey] = {
    vars: new Map(),
    contextClass: null,
    run(entries, fn, args) {
      const vars = new Map<AnyVar, unknown>();
      for (const [identity, value] of entries) {
        const variable = contextVarByIdentity(identity);
        if (variable !== null) vars.set(variable, value);
      }
      const Class = registry.contextClass;
      if (vars.size === 0 || Class === null) return fn(...args);
      return new Class(vars).run(fn, ...args);
    },
  });

/** The URL of the module whose code called `constructorOpt`, or null (eval, native code). */
function creationSite(constructorOpt: abstract new (...args: never[]) => unknown): string | null {
  const holder: { stack?: unknown } = {};
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  let file: string | null | undefined;
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, constructorOpt);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    file = Array.isArray(sites) ? sites[0]?.getFileName() : null;
  } catch {
    // A program that froze Error's stack settings: the variable simply gets no identity.
    file = null;
  } finally {
    try {
      Error.prepareStackTrace = previousPrepare;
      Error.stackTraceLimit = previousLimit;
    } catch {
      // Frozen as well: nothing was changed.
    }
  }
  if (typeof file !== "string" || file === "") return null;
  if (file.startsWith("/")) return fileUrlOfPath(file);
  return /^[a-z][a-z0-9+.-]*:/i.test(file) && !file.startsWith("node:") ? file : null;
}

/**
 * `pathToFileURL(path).href` of `node:url` for an absolute POSIX path (a CommonJS module's stack
 * frames name files by path), without importing Node's modules: the characters a URL would read
 * as its own syntax are escaped first (with what `pathToFileURL` escapes beyond the
 * parser), the rest is the URL parser's.
 */
function fileUrlOfPath(path: string): string {
  const escaped = path
    .replace(/\/{2,}/g, "/")
    .replaceAll("%", "%25")
    .replaceAll("\\", "%5C")
    .replaceAll("\n", "%0A")
    .replaceAll("\r", "%0D")
    .replaceAll("\t", "%09")
    .replaceAll("#", "%23")
    .replaceAll("?", "%3F")
    .replaceAll("[", "%5B")
    .replaceAll("]", "%5D")
    .replaceAll("^", "%5E")
    .replaceAll("|", "%7C");
  return new URL(escaped, "file://").href;
}

/**
 * Gives `variable` its identity, from the module that is constructing it (the caller of
 * `constructorOpt`), and remembers it for this thread. `contextClass` is the `Context` of the
 * variable's copy of this package, used to build contexts from identities. @internal
 */
export function registerContextVar(
  variable: AnyVar,
  constructorOpt: abstract new (...args: never[]) => unknown,
  contextClass: ContextClass,
): string | null {
  registry.contextClass ??= contextClass;
  const site = creationSite(constructorOpt);
  if (site === null) return null;
  const identity = `${site}#${encodeURIComponent(variable.name)}`;
  registry.vars.set(identity, registry.vars.has(identity) ? AMBIGUOUS : new WeakRef(variable));
  return identity;
}

/**
 * The identity of `variable` (`file:///app/request.js#requestId`), or null if it has none or
 * shares it with another variable of this thread.
 *
 * @example
 * ```ts
 * // request.js
 * export const requestId = new ContextVar<number>("requestId");
 * contextVarIdentity(requestId); // "file:///app/request.js#requestId"
 * ```
 */
export function contextVarIdentity(variable: ContextVar<unknown>): string | null {
  const identity = (variable as { _identity?: string | null })._identity ?? null;
  if (identity === null) return null;
  const entry = registry.vars.get(identity);
  return entry !== AMBIGUOUS && entry?.deref() === variable ? identity : null;
}

/** This thread's variable with `identity`, or null if there is none (or more than one). */
export function contextVarByIdentity(identity: string): ContextVar<unknown> | null {
  const entry = registry.vars.get(identity);
  if (entry === undefined || entry === AMBIGUOUS) return null;
  return entry.deref() ?? null;
}
