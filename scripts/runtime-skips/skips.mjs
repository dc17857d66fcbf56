// The tests that can't run on Bun or Deno, and why: what `npm test` skips there (and prints),
// in the manner of Node's own per-platform status files. Keys are test files (relative to the
// workspace), then a test's full name ("describe > it"), or "*" for the whole file when the file
// can't even load there. Every entry names what the runtime lacks or does differently, as seen
// in the run that added it; the README's runtime table counts them per package.

/** Which runtime this is: "bun", "deno" or "node". */
export function currentRuntime() {
  if (typeof process.versions.bun === "string") return "bun";
  if (typeof process.versions.deno === "string") return "deno";
  return "node";
}

const RUNTIME_SKIPS = {
  bun: {
    "packages/bullmq/test/cluster.test.ts": {
      "BullMQExecutor on two asyncio-worker processes > errors cross the wire > a result that can't be copied fails the call with a TypeError saying so":
        "Bun's structured clone reports an uncloneable value as 'The object can not be cloned.', not Node's 'could not be cloned'",
    },
    "packages/core/test/loop/exception-handler.test.ts": {
      "errors in callbacks > an exception group is logged with each member's stack under it, numbered as Python prints it (test_taskgroups.py::TestTaskGroup::test_taskgroup_19)":
        "Bun writes an error's stack header with the name of the constructor that built it (BaseExceptionGroup), not the name the subclass sets",
    },
    "packages/core/test/loop/process-exit.test.ts": {
      "process lifetime > a running loop whose only timer was cancelled drops its Node timer and exits once stopped (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)":
        "Bun's process.getActiveResourcesInfo() lists no timers, which the scenario counts",
      "process lifetime > a timer cancelled from outside the loop while the loop sleeps on it drops the loop's Node timer (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)":
        "Bun's process.getActiveResourcesInfo() lists no timers, which the scenario counts",
    },
    "packages/futures/test/errors.test.ts": {
      "ExceptionGroup > prints as 'message (N sub-exceptions)' while message stays bare (test_exception_group.py::ExceptionGroupFields::test_basics_ExceptionGroup_fields; BaseExceptionGroup.__str__)":
        "Bun writes an error's stack header with the name of the constructor that built it (BaseExceptionGroup), not the name the subclass sets",
    },
    "packages/streams/test/faults/soak.test.ts": {
      "*": "it forces garbage collection with V8's --expose-gc (node:v8), which Bun's JavaScriptCore doesn't have",
    },
    "packages/streams/test/tls.test.ts": {
      "TLS > plain client against a TLS server gets no data and a clean failure (test_events.py::EventLoopTestsMixin::test_create_server_ssl)":
        "a plain-text client of a Bun TLS server gets neither end of stream nor a connection error, where Node gives it one of the two",
    },
    "packages/subprocess/test/faults/soak.test.ts": {
      "*": "it forces garbage collection with V8's --expose-gc (node:v8), which Bun's JavaScriptCore doesn't have",
    },
    "packages/to-thread/test/context-identity.test.ts": {
      "context variable identity > a variable created by code that is not a module file has none":
        "Bun names the frames of code built by new Function after the calling module's file, so such a variable gets that file's identity",
    },
    "packages/to-thread/test/faults/soak.test.ts": {
      "*": "it forces garbage collection with V8's --expose-gc (node:v8), which Bun's JavaScriptCore doesn't have",
    },
    "packages/to-thread/test/faults/worker-faults.test.ts": {
      "worker faults > 10 of 60 calls end their worker with process.exit: each fails alone with its exit code; the rest return":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "worker faults > 3 calls run out of memory under resourceLimits among 6 others: only they fail, with the cause":
        "Bun's worker_threads don't enforce resourceLimits: the worker never runs out of memory",
      "worker faults > errors escaping asynchronously: during its call it fails that call; after it returned it is logged and the next call is untouched":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "worker faults > a function that returned plainly before and then goes asynchronous still fails its own call with its escaped error":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > detach: a call that never returns doesn't hold up its awaiter or the other worker; 20 calls go round it":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > terminate: 5 endless loops ended by waitFor deadlines; the calls queued behind them all run":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > cooperative: 5 spinning calls return when cancelled; one that never looks is detached at once":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > calls queued behind a hang and cancelled never run":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "detached buffers > 50 queued calls moving 5 buffers: the first of each moves it, the others fail with the detached TypeError; nothing hangs":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/shadowed-globals.test.ts": {
      "names that would be rebound to the worker's globals > a local variable shadowing a worker global is reported by name":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > several names are all listed; threadFunction and submit check too":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > a name the function declares itself, or uses only as a property or in a string, is fine":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > a variable that holds the global itself is not a shadow":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/thread-pool-executor.test.ts": {
      "failures > a worker that calls process.exit fails only its call and is replaced":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "failures > a worker out of memory under resourceLimits fails its call with the cause":
        "Bun's worker_threads don't enforce resourceLimits: the worker never runs out of memory",
      "failures > an error escaping the function asynchronously kills only that call":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "idle workers > are reused, and retired after idleTimeout":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "shutdown > shutdown({ wait: false }) returns at once; submitted calls still finish; new ones are refused (test_concurrent_futures::ThreadPoolShutdownTest::test_shutdown_no_wait)":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "shutdown > shutdown({ cancelFutures: true }) cancels what hasn't started and waits for the rest (test_concurrent_futures::ThreadPoolShutdownTest::test_cancel_futures)":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/to-thread.test.ts": {
      "toThread > awaits an async function and lets it import modules":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/transfer.test.ts": {
      "transfer() and detached buffers > a result whose transfer list holds a detached buffer fails the call with a TypeError; the worker stays usable":
        "toThread's check for shadowed globals asks node:inspector synchronously; Bun's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/unsendable.test.ts": {
      "arguments that can't be sent > a function names the argument and says it is a function":
        "Bun's structured clone reports an uncloneable value as 'The object can not be cloned.', not Node's 'could not be cloned'",
    },
  },
  deno: {},
};

/** Why `fullName` of `file` is skipped on `runtime`, or null if it runs. */
export function skipReason(runtime, file, fullName) {
  const entries = RUNTIME_SKIPS[runtime]?.[file];
  if (entries === undefined) return null;
  return entries["*"] ?? entries[fullName] ?? null;
}

/** The files skipped whole on `runtime`, with their reasons. */
export function skippedFiles(runtime) {
  const files = RUNTIME_SKIPS[runtime] ?? {};
  return Object.entries(files)
    .filter(([, entries]) => entries["*"] !== undefined)
    .map(([file, entries]) => ({ file, reason: entries["*"] }));
}
