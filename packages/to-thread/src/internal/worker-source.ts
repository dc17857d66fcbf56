/**
 * The program each pool worker runs, as source text started with `eval: true`. Shipping it as a
 * string means there is no worker file to resolve: it works the same from TypeScript sources
 * under a test runner, from `dist/` in an installed package, and after bundling. It is plain
 * JavaScript that needs no loader, and reads the same as a script or as a module (a worker
 * inherits `--input-type=module`).
 *
 * Protocol — to the worker: a call `{ id, key, args, flag?, context?, label?, source? | url?,
 * exportName? }` (the function's label and source or module only the first time this worker sees
 * `key`; `context` the caller's context values by identity) and `{ cancel: id }`; from the
 * worker: `{ id, ok: true, value }` or `{ id, ok: false, error }`.
 *
 * Before its first call the worker runs the process's `--import` and `--require` preloads, as
 * Node does for a worker started from a file (it doesn't for one started from source), so that a
 * loader registered that way (a TypeScript loader) also applies to the modules a worker imports.
 *
 * The error encoder is not written here but embedded from `error-codec.ts`, so that every side
 * that sends errors (this worker, and other executors built on the codec) encodes them alike.
 */
import { encodeError, encodeValue } from "./error-codec.js";
import { explainUncloneable, lostClassName } from "./uncloneable.js";

export const WORKER_SOURCE: string = String.raw`"use strict";
// The parent's flags are inherited: under --input-type=module this source is read as a module,
// where there is no require().
const nodeRequire =
  typeof require === "function"
    ? require
    : process.getBuiltinModule("node:module").createRequire(process.cwd() + "/");
const { parentPort } = nodeRequire("node:worker_threads");
const TRANSFER = Symbol.for("@asyncio/to-thread:transfer");
const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
const functions = new Map();
// Where @asyncio/futures, once a module has loaded it in this thread, maps context identities.
const CONTEXT_VARS = Symbol.for("@asyncio/futures:context-var-identities");
let current = null;

// Which call an error escaping asynchronously comes from: a call runs in its own store, which
// follows its timers and promises. Running a call in a store costs a little on every message, so
// a function that has returned plainly (no promise) is run without one from then on: such a
// call has replied before anything it left behind can run. The ids of calls not yet replied to.
const { AsyncLocalStorage } = nodeRequire("node:async_hooks");
const calls = new AsyncLocalStorage();
const unfinished = new Set();
// A call run without a store that went asynchronous after all: errors nobody else owns are its.
let storelessAsync = null;

process.on("uncaughtException", escaped);
process.on("unhandledRejection", escaped);

function escaped(error) {
  const owner = calls.getStore();
  const id = owner !== undefined ? owner.id : storelessAsync;
  if (id !== null && unfinished.has(id)) {
    // The running call's own error: the worker ends as Node would end it, failing that call.
    process.off("uncaughtException", escaped);
    process.off("unhandledRejection", escaped);
    setImmediate(() => {
      throw error;
    });
    return;
  }
  // Left behind by a call that has already returned (or by no call): nobody awaits it any more,
  // so it is reported, and the worker goes on serving.
  parentPort.postMessage({ escaped: encodeValue(error, 0), from: owner === undefined ? null : owner.label });
}

const preloaded = runPreloads();

async function runPreloads() {
  const path = nodeRequire("node:path");
  const { pathToFileURL } = nodeRequire("node:url");
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let value;
    const equals = flag.indexOf("=");
    if (flag.startsWith("--") && equals !== -1) {
      value = flag.slice(equals + 1);
      flag = flag.slice(0, equals);
    }
    if (flag !== "--import" && flag !== "--require" && flag !== "-r") continue;
    if (value === undefined) value = argv[++i];
    if (value === undefined) break;
    const isPath = /^(\.{1,2}[\/]|\/)/.test(value);
    try {
      if (flag === "--import") await import(isPath ? pathToFileURL(path.resolve(value)).href : value);
      else nodeRequire(isPath ? path.resolve(value) : value);
    } catch (error) {
      throw new Error("the preload " + flag + " " + value + " failed in the worker thread: " + error.message, { cause: error });
    }
  }
}

parentPort.on("message", (message) => {
  if (message.cancel !== undefined) {
    if (current !== null && current.id === message.cancel && current.controller !== null) {
      current.controller.abort(cancelReason());
    }
    return;
  }
  run(message);
});

function cancelReason() {
  return new DOMException("The call was cancelled", "AbortError");
}

function describe(value) {
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string " + JSON.stringify(value.slice(0, 60));
  return (/^[aeiou]/.test(typeof value) ? "an " : "a ") + typeof value + " (" + String(value) + ")";
}

// Helpers that tools compile into functions (a test runner's import() rewrite, esbuild's keepNames
// helper); the compiled function sees these and the globals, nothing else.
const toolShims = {
  __vite_ssr_dynamic_import__: (specifier) => import(specifier),
  __name: (target) => target,
};

function compile(source, label) {
  const fn = new Function(...Object.keys(toolShims), '"use strict"; return (' + source + "\n);")(
    ...Object.values(toolShims),
  );
  if (typeof fn !== "function") throw new TypeError(label + " did not compile to a function");
  return fn;
}

async function importExport(url, exportName) {
  let namespace;
  try {
    namespace = await import(url);
  } catch (error) {
    const failure = new Error(
      "moduleFunction(): cannot import " + url + " in the worker thread: " + error.message,
      { cause: error },
    );
    if (error && error.code !== undefined) failure.code = error.code;
    throw failure;
  }
  if (!(exportName in namespace)) {
    const names = Object.keys(namespace);
    throw new TypeError(
      "moduleFunction(): " + url + " has no export named " + JSON.stringify(exportName) +
        " (its exports: " + (names.length === 0 ? "none" : names.join(", ")) + ")",
    );
  }
  const value = namespace[exportName];
  if (typeof value !== "function") {
    throw new TypeError(
      "moduleFunction(): export " + JSON.stringify(exportName) + " of " + url + " is " +
        describe(value) + ", not a function",
    );
  }
  return value;
}

async function load(message) {
  let entry = functions.get(message.key);
  if (entry === undefined) {
    try {
      await preloaded;
      const fn =
        message.source !== undefined
          ? compile(message.source, message.label)
          : await importExport(message.url, message.exportName);
      entry = { ok: true, fn, fromSource: message.source !== undefined, label: message.label };
    } catch (error) {
      entry = { ok: false, error, label: message.label };
    }
    functions.set(message.key, entry);
  }
  if (!entry.ok) throw entry.error;
  return entry.fn;
}

function makeSignal(controller, flag) {
  const signal = controller.signal;
  const isSet = () => Atomics.load(flag, 0) === 1 || abortedGetter.call(signal);
  Object.defineProperty(signal, "aborted", { get: isSet, configurable: true });
  Object.defineProperty(signal, "throwIfAborted", {
    value() {
      if (!isSet()) return;
      throw abortedGetter.call(signal) ? signal.reason : cancelReason();
    },
    configurable: true,
  });
  return signal;
}

function explainReference(error, label) {
  const match = /^(\S+) is not defined$/.exec(error.message);
  if (match === null) return error;
  const name = match[1];
  const imported = /^__vite_ssr_|^__vi_|^_?import_/.test(name);
  const what = imported ? "an import of its module (" + name + ")" : JSON.stringify(name);
  const fix = imported
    ? "import it inside the function with await import(...), or export the function from a module and use moduleFunction()"
    : "pass " + JSON.stringify(name) + " as an argument, import it inside the function with await import(...), or export the function from a module and use moduleFunction()";
  const rebuilt = new ReferenceError(
    label + " uses " + what + ", which is not defined in the worker thread: a function sent to a worker can't see the variables around it; " + fix,
    { cause: error },
  );
  return rebuilt;
}

${encodeValue}

${encodeError}

// Tools may wrap the embedded functions below with a naming helper; in the worker it does nothing.
const __name = (target) => target;
${lostClassName}
${explainUncloneable}

function reply(message, ok, payload, transferList) {
  unfinished.delete(message.id);
  if (storelessAsync === message.id) storelessAsync = null;
  try {
    parentPort.postMessage({ id: message.id, ok, value: payload }, transferList);
  } catch (error) {
    replyUnsendable(message, explainUncloneable(payload, transferList || [], error.message), error);
  }
}

function replyUnsendable(message, why, cause) {
  unfinished.delete(message.id);
  if (storelessAsync === message.id) storelessAsync = null;
  const failure = new TypeError(
    "the result of " + functions.get(message.key).label + " could not be sent back from the worker thread: " + why,
    cause === undefined ? undefined : { cause },
  );
  parentPort.postMessage({ id: message.id, ok: false, value: encodeError(failure, 0) });
}

function replyValue(message, value, transferList) {
  const className = lostClassName(value);
  if (className !== null) {
    replyUnsendable(
      message,
      "it is an instance of class " + className + ", and structured cloning keeps neither its class nor its methods; return plain data (numbers, strings, arrays, plain objects, typed arrays, Map, Set, Date) instead",
    );
    return;
  }
  reply(message, true, value, transferList);
}

// The common case — a known function, no signal, a plain result — runs without an async hop.
// A call with context values runs in a new context holding them, on this thread's own variables
// of the same identities (those its modules created); the others are skipped.
function call(message, fn, args) {
  if (message.context === undefined) return fn(...args);
  const contextVars = globalThis[CONTEXT_VARS];
  return contextVars === undefined ? fn(...args) : contextVars.run(message.context, fn, args);
}

function run(message) {
  unfinished.add(message.id);
  const entry = functions.get(message.key);
  if (entry !== undefined && entry.ok && entry.plain && message.flag === undefined) {
    start(message, entry);
    return;
  }
  calls.run({ id: message.id, label: entry === undefined ? message.label : entry.label }, start, message, entry);
}

function start(message, entry) {
  if (entry === undefined || !entry.ok || message.flag !== undefined) return runAsync(message);
  let value;
  try {
    value = call(message, entry.fn, message.args);
  } catch (error) {
    replyError(message, error);
    return;
  }
  const thenable = value !== null && typeof value === "object" && typeof value.then === "function";
  if (thenable && calls.getStore() === undefined) storelessAsync = message.id;
  entry.plain = !thenable;
  if (value !== null && typeof value === "object") return finish(message, value);
  reply(message, true, value, undefined);
}

async function finish(message, value) {
  try {
    if (typeof value.then === "function") value = await value;
    if (value !== null && typeof value === "object" && value[TRANSFER] === true) {
      if (value.transferList.some((item) => item instanceof ArrayBuffer && item.detached)) {
        replyUnsendable(message, "its transfer list holds a detached ArrayBuffer, whose contents were already moved to another thread");
        return;
      }
      replyValue(message, value.value, value.transferList);
    } else {
      replyValue(message, value, undefined);
    }
  } catch (error) {
    replyError(message, error);
  }
}

function replyError(message, error) {
  // Only a self-contained function loses its scope; a module function's errors are its own.
  const entry = functions.get(message.key);
  const fromSource = entry !== undefined && entry.ok && entry.fromSource;
  const explained =
    error instanceof ReferenceError && fromSource ? explainReference(error, entry.label) : error;
  reply(message, false, encodeValue(explained, 0), undefined);
}

async function runAsync(message) {
  const controller = message.flag === undefined ? null : new AbortController();
  current = { id: message.id, controller };
  try {
    const fn = await load(message);
    const args = message.args;
    if (controller !== null) args.unshift(makeSignal(controller, message.flag));
    const value = call(message, fn, args);
    if (value !== null && typeof value === "object") await finish(message, value);
    else reply(message, true, value, undefined);
  } catch (error) {
    replyError(message, error);
  } finally {
    current = null;
  }
}
`;
