/**
 * A function sent to a worker as source text runs against the worker's globals. If a name it
 * uses (`crypto`, `performance`, `fetch`) is, where the function was written, the caller's own
 * variable (an import, a local) rather than the global, the worker would silently use its global
 * of that name instead. This finds such names before anything is sent, from V8's own scope
 * analysis, read through the inspector protocol (synchronously, in this thread):
 *
 * 1. which host globals (the names Node puts on the global object, not ECMAScript's own such as
 *    `Math` or `JSON`) the source mentions at all: a scan of the text, cached per source, and
 *    for most functions the end of the check;
 * 2. which of those the function's enclosing scopes bind (its `[[Scopes]]`);
 * 3. which of those the source really uses as free variables: the source is compiled inside a
 *    scope that declares them, and V8 captures exactly the ones it uses;
 * 4. leaving out bindings that hold the global itself (`import { performance } from
 *    "node:perf_hooks"` is the same object the worker has).
 *
 * Without an inspector (a Node built without one) the check is skipped.
 */
import { createRequire } from "node:module";
import { createContext, runInContext } from "node:vm";

type Post = (method: string, params: Record<string, unknown>) => Record<string, unknown>;

interface RemoteObject {
  type?: string;
  value?: unknown;
  objectId?: string;
  description?: string;
}

interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}

const PROBE = Symbol.for("@asyncio/to-thread:scope-probe");
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Names that can't be declared with `let` in strict code. */
const UNDECLARABLE = new Set(["eval", "arguments"]);
const MAX_CACHED_SOURCES = 1000;

let hostGlobals: ReadonlySet<string> | null = null;

/** The names Node adds to the global object: this thread's globals minus a bare V8 context's. */
function getHostGlobals(): ReadonlySet<string> {
  if (hostGlobals !== null) return hostGlobals;
  const bare = new Set(
    runInContext("Object.getOwnPropertyNames(globalThis)", createContext()) as string[],
  );
  hostGlobals = new Set(
    Object.getOwnPropertyNames(globalThis).filter(
      (name) => !bare.has(name) && IDENTIFIER.test(name) && !UNDECLARABLE.has(name),
    ),
  );
  return hostGlobals;
}

const mentionedBySource = new Map<string, readonly string[]>();

/** Host global names that appear in `source` as identifiers (not after a dot). */
function mentionedHostGlobals(source: string): readonly string[] {
  const cached = mentionedBySource.get(source);
  if (cached !== undefined) return cached;
  const host = getHostGlobals();
  const found = new Set<string>();
  for (const token of source.match(/(?<![.\w$])[A-Za-z_$][\w$]*/g) ?? []) {
    if (host.has(token)) found.add(token);
  }
  const names = [...found];
  if (mentionedBySource.size >= MAX_CACHED_SOURCES) mentionedBySource.clear();
  mentionedBySource.set(source, names);
  return names;
}

type InspectorSession = import("node:inspector").Session;

let session: InspectorSession | null | undefined;

/** A connected inspector session of this thread, or null when Node has no inspector. */
function getSession(): InspectorSession | null {
  if (session !== undefined) return session;
  try {
    // Required, not imported: a Node built without an inspector throws here instead of failing
    // to load this package.
    const { Session } = createRequire(import.meta.url)(
      "node:inspector",
    ) as typeof import("node:inspector");
    const opened = new Session();
    opened.connect();
    session = opened;
  } catch {
    session = null;
  }
  return session;
}

/** Calls an inspector method; the session answers synchronously on the thread it belongs to. */
function makePost(opened: InspectorSession): Post {
  return (method, params) => {
    let result: Record<string, unknown> | undefined;
    let failure: unknown;
    opened.post(method as "Runtime.evaluate", params, (error, answer) => {
      failure = error;
      result = answer as unknown as Record<string, unknown>;
    });
    if (failure) throw failure;
    if (result === undefined) throw new Error(`inspector: ${method} did not answer synchronously`);
    return result;
  };
}

const GROUP = "@asyncio/to-thread:scopes";

/** The variables of `fn`'s enclosing scopes (not the global one), with their values. */
function scopeVariables(fn: unknown, call: Post): PropertyDescriptor[] {
  const slot = globalThis as unknown as Record<symbol, unknown>;
  slot[PROBE] = fn;
  try {
    const evaluated = call("Runtime.evaluate", {
      expression: 'globalThis[Symbol.for("@asyncio/to-thread:scope-probe")]',
      objectGroup: GROUP,
    }).result as RemoteObject;
    const own = call("Runtime.getProperties", {
      objectId: evaluated.objectId,
      ownProperties: true,
    }).internalProperties as PropertyDescriptor[] | undefined;
    const scopes = own?.find((p) => p.name === "[[Scopes]]")?.value?.objectId;
    if (scopes === undefined) return [];
    const list = call("Runtime.getProperties", { objectId: scopes, ownProperties: true })
      .result as PropertyDescriptor[];
    const variables: PropertyDescriptor[] = [];
    for (const scope of list) {
      if (!/^\d+$/.test(scope.name) || scope.value?.description === "Global") continue;
      const held = call("Runtime.getProperties", {
        objectId: scope.value?.objectId,
        ownProperties: true,
      }).result as PropertyDescriptor[];
      variables.push(...held);
    }
    return variables;
  } finally {
    delete slot[PROBE];
  }
}

/** Which of `names` the source uses as free variables (V8 captures exactly those). */
function freeVariables(source: string, names: readonly string[], call: Post): Set<string> {
  const wrapper = new Function(`"use strict"; let ${names.join(", ")}; return (${source}\n);`);
  const inner = wrapper() as unknown;
  return new Set(scopeVariables(inner, call).map((variable) => variable.name));
}

/** Whether a variable's value is the global of the same name (an alias, not a shadow). */
function isTheGlobal(name: string, value: RemoteObject | undefined, call: Post): boolean {
  if (value === undefined) return false;
  if (value.objectId === undefined) {
    return (
      value.type !== "undefined" && value.value === (globalThis as Record<string, unknown>)[name]
    );
  }
  const answer = call("Runtime.callFunctionOn", {
    objectId: value.objectId,
    functionDeclaration: "function (name) { return this === globalThis[name]; }",
    arguments: [{ value: name }],
    returnByValue: true,
    objectGroup: GROUP,
  }).result as RemoteObject;
  return answer.value === true;
}

/**
 * The host global names that `fn` (whose worker-side source is `source`) uses but that, where it
 * was written, are the caller's own variables holding something else. Empty when there are none
 * or when this can't be known.
 */
export function shadowedGlobals(fn: unknown, source: string): string[] {
  const mentioned = mentionedHostGlobals(source);
  if (mentioned.length === 0) return [];
  const opened = getSession();
  if (opened === null) return [];
  const post = makePost(opened);
  try {
    const bound = scopeVariables(fn, post).filter((variable) => mentioned.includes(variable.name));
    if (bound.length === 0) return [];
    const free = freeVariables(
      source,
      bound.map((variable) => variable.name),
      post,
    );
    return bound
      .filter(
        (variable) => free.has(variable.name) && !isTheGlobal(variable.name, variable.value, post),
      )
      .map((variable) => variable.name);
  } catch {
    // The source doesn't compile here, or the inspector refused: the worker will say what's wrong.
    return [];
  } finally {
    post("Runtime.releaseObjectGroup", { objectGroup: GROUP });
  }
}
