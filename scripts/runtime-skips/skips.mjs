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
    "packages/tasks/test/call-graph.test.ts": {
      "*": "Bun's JavaScriptCore has neither V8's structured call sites (Error.prepareStackTrace) nor working promise hooks, which the call graph's frames and recorded sites are read from",
    },
    "packages/tasks/test/task-snapshot.test.ts": {
      "takeTaskSnapshot > a started task awaiting nothing of ours waits on a foreign Promise; recorded, its site is where it awaits":
        "Bun's JavaScriptCore has neither V8's structured call sites (Error.prepareStackTrace) nor working promise hooks, which the call graph's frames and recorded sites are read from",
      "takeTaskSnapshot > the running stack, when asked for, is the stack below the snapshot":
        "Bun's JavaScriptCore has neither V8's structured call sites (Error.prepareStackTrace) nor working promise hooks, which the call graph's frames and recorded sites are read from",
    },
    "packages/core/test/diagnostics/debug-mode.test.ts": {
      "*": "debug mode's reports read V8's call sites and promise hooks, and its tests force collection with V8's gc(), none of which Bun's JavaScriptCore has",
    },
    "packages/inspect/test/ps-pstree.test.ts": {
      "*": "asyncio-ps and asyncio-pstree reach the target through Node's inspector (SIGUSR1, then the inspector protocol), which a process run by Bun doesn't offer",
    },
    "packages/testing/test/node-test.test.ts": {
      "*": "the suite is run by node:test in a child of process.execPath, here Bun, which refuses node:test's test() outside 'bun test'",
    },
    "apps/demo/test/main.test.ts": {
      "the demo > exits with code 0":
        "the built demo runs on Bun itself, whose node:inspector does not answer synchronously, which the demo's thread functions rely on",
      "the demo > 5. starts the worker threads before the progress display, so the count moves from its first lines":
        "the built demo runs on Bun itself, whose node:inspector does not answer synchronously, which the demo's thread functions rely on",
      "the demo > 5. prints no progress line after the step's summary, and every megabyte is counted":
        "the built demo runs on Bun itself, whose node:inspector does not answer synchronously, which the demo's thread functions rely on",
      "the demo > ends with a summary of what each step showed, and prints nothing after it":
        "the built demo runs on Bun itself, whose node:inspector does not answer synchronously, which the demo's thread functions rely on",
    },
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
    "packages/streams/test/connection-options.test.ts": {
      "createConnection / openConnection options > sock over a Unix socket (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_path_sock)":
        "under Bun, a net.Socket connected to a Unix path and handed over as sock never receives the server's echo: the test times out after 5 s",
    },
    "packages/streams/test/start-tls.test.ts": {
      "startTls (loop.start_tls) > an untrusted certificate fails the upgrade with SSLCertVerificationError and closes the connection (test_ssl.py::TestSSL::test_create_connection_ssl_failed_certificate)":
        "Bun's TLS (BoringSSL) words the verification failure 'self signed certificate', where Node's OpenSSL 3 says 'self-signed certificate'",
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
  deno: {
    "packages/core/test/tasks/foreign-promise.test.ts": {
      "timeouts around foreign APIs that take the task's signal > waitFor() of a plain async function blocked on events.once raises TimeoutError (test_waitfor.py::AsyncioWaitForTest::test_wait_for_timeout_less_then_0_or_0)":
        "Deno's events.once rejects an aborted wait with an AbortError that doesn't carry the signal's reason as its cause, so it can't be told from any other abort",
    },
    "packages/inspect/test/ps-pstree.test.ts": {
      "*": "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/testing/test/node-test.test.ts": {
      "*": "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/tasks/test/call-graph.test.ts": {
      "*": "Deno's own frames (its node: compatibility layer: processTicksAndRejections, setPromiseHooks) appear in the stacks, which the call graph reads as the program's, since it leaves out Node's internals by their node: file names",
    },
    "packages/tasks/test/task-snapshot.test.ts": {
      "takeTaskSnapshot > a started task awaiting nothing of ours waits on a foreign Promise; recorded, its site is where it awaits":
        "Deno's own frames (its node: compatibility layer: processTicksAndRejections, setPromiseHooks) appear in the stacks, which the call graph reads as the program's, since it leaves out Node's internals by their node: file names",
    },
    "packages/core/test/diagnostics/debug-mode.test.ts": {
      "debug mode > a cancelled task whose foreign Promise ignores its signal is reported with where it waits (no CPython counterpart: Python interrupts every await)":
        "Deno's own frames (its node: compatibility layer: processTicksAndRejections, setPromiseHooks) appear in the stacks, which the call graph reads as the program's, since it leaves out Node's internals by their node: file names",
    },
    "examples/test/chat-server.test.ts": {
      "examples/chat-server > broadcasts between clients and shuts down cleanly on SIGINT":
        "the example runs as a child of process.execPath, which is Deno here, and Deno ends it by the SIGINT itself instead of running the program's handler (it exits by signal, not with 0)",
    },
    "packages/bullmq/test/conformance.test.ts": {
      "*": "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/compat/test/network.test.ts": {
      "compat: TLS, sockets and name resolution under Python's names > ssl.create_default_context, StreamWriter.start_tls and loop.start_tls (test_streams.py::StreamTests::test_start_tls)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
      "compat: TLS, sockets and name resolution under Python's names > create_datagram_endpoint reuse_port (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_reuse_port)":
        "Deno's dgram ignores reusePort: the second bind fails with EADDRINUSE",
    },
    "packages/streams/test/connection-options.test.ts": {
      "createConnection / openConnection options > sock over a Unix socket (test_unix_events.py::SelectorEventLoopUnixSocketTests::test_create_unix_connection_path_sock)":
        "under Deno, a net.Socket connected to a Unix path and handed over as sock never receives the server's echo: the test times out after 5 s",
    },
    "packages/streams/test/socket-options.test.ts": {
      "UDP endpoints > reuse_port: two endpoints bind one port (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint_reuse_port)":
        "Deno's dgram ignores reusePort: the second bind fails with EADDRINUSE",
      "UDP endpoints > a connected endpoint whose peer is gone: the error reaches error_received, the endpoint stays open (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint, ICMP port unreachable)":
        "Deno's dgram doesn't report the ICMP port-unreachable of a connected socket as an error: nothing arrives and the test times out",
    },
    "packages/streams/test/ssl-context.test.ts": {
      "SSLContext > load_cert_chain: files, an encrypted key, a wrong password, a missing file (test_ssl.py::ContextTests::test_load_cert_chain)":
        "Deno's tls.createSecureContext doesn't decrypt or check the key when the context is made, so a wrong password isn't refused there",
      "SSLContext > set_ciphers, TLS versions and ALPN (test_ssl.py::ContextTests::test_set_ciphers / test_min_max_version)":
        "Deno's tls.createSecureContext accepts any cipher string, so an unknown cipher isn't refused when the context is made",
    },
    "packages/streams/test/start-tls.test.ts": {
      "StreamWriter.startTls > upgrades both ends of a line protocol in place (test_streams.py::StreamTests::test_start_tls)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
      "StreamWriter.startTls > over a Unix socket, the addresses stay those of the plain connection (test_streams.py::StreamTests::test_start_tls over AF_UNIX)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
      "startTls (loop.start_tls) > a client upgrades a connection made with createConnection (test_sslproto.py::BaseStartTLS::test_start_tls_client_reg_proto_1)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
      "startTls (loop.start_tls) > a server upgrades its side with serverSide (test_sslproto.py::BaseStartTLS::test_start_tls_server_1)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
      "startTls (loop.start_tls) > a server that requires a client certificate gets it as peercert (test_ssl.py::TestSSL::test_create_connection_ssl_1 with CERT_REQUIRED)":
        "Deno's node:tls doesn't upgrade a connected socket in place (tls.connect with socket, new TLSSocket with isServer): the handshake never completes and the test times out",
    },
    "packages/bullmq/test/cli.test.ts": {
      "the asyncio-worker command line > the command exits with 2 on a usage error, and prints the usage for --help":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/bullmq/test/cluster.test.ts": {
      "*": "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/bullmq/test/worker-lost.test.ts": {
      "a worker killed mid-job > the job is retried on the surviving worker and the future completes from the retry":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "a worker killed mid-job > past maxStalledCount the future fails with a JobFailedError that says why":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/core/test/loop/process-exit.test.ts": {
      "process lifetime > a running loop whose only timer was cancelled drops its Node timer and exits once stopped (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > a timer cancelled from outside the loop while the loop sleeps on it drops the loop's Node timer (test_base_events.py::BaseEventLoopTests::test__run_once_cancelled_event_cleanup)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > a loop waiting on a future nobody resolves keeps the process alive until stopped (test_events.py::EventLoopTestsMixin::test_run_until_complete)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > the same wait at top level doesn't end Node with code 13 mid-await (test_events.py::EventLoopTestsMixin::test_run_until_complete)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > a pending timer keeps the process alive until it fires (test_events.py::EventLoopTestsMixin::test_call_later)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/core/test/runners/process-edges.test.ts": {
      "process edges > an exception nobody retrieved is reported when run() closes the loop, with its stack (test_tasks.py::BaseTaskTests::test_exception_traceback; Task exception was never retrieved)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > a SIGINT handler set with addSignalHandler replaces run()'s Ctrl-C handling (runners.py::Runner::run, SIGINT handler not the default)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > a program waiting only for a signal stays alive until it comes (test_unix_events.py::SelectorEventLoopSignalTests::test_add_signal_handler)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > a second Ctrl-C while the shutdown hangs stops the program with KeyboardInterrupt and status 130 (test_runners.py::RunnerTests::test_interrupt_cancelled_task)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > an uncaught KeyboardInterrupt ends the process with status 130, as Python's does (test_runners.py::RunnerTests::test_interrupt_wait)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > SystemExit(3) raised from a callback ends the process with status 3, silently (test_base_events.py::BaseEventLoopTests::test_run_until_complete_baseexception)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > a deadlock keeps the process alive, and Ctrl-C ends it cleanly (runners.py::Runner::run; a blocked loop keeps its thread)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > a context variable set inside a loop callback stays in that callback's context (test_context.py; base_events.py::BaseEventLoop::call_soon copies the context)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process edges > an async callback that fails is reported through the exception handler, never an unhandled rejection (test_base_events.py::BaseEventLoopTests::test_call_soon_non_callable; events.py::Handle._run)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/streams/test/datagram.test.ts": {
      "createDatagramEndpoint > create_datagram_endpoint: echo over loopback (test_events.py::EventLoopTestsMixin::test_create_datagram_endpoint)":
        "Deno's dgram reports the local address of a socket bound to 0.0.0.0 as 127.0.0.1",
    },
    "packages/streams/test/faults/connection-faults.test.ts": {
      "EOF and reset before the server accepts > eof before startServing: 50 held connections (base_events.py::Server::start_serving)":
        "under Deno a connection that sends EOF before the server starts serving never reaches its handler (the test times out)",
      "EOF and reset before the server accepts > rst before startServing: 50 held connections (base_events.py::Server::start_serving)":
        "under Deno a connection reset before the server starts serving never reaches its handler (the test times out)",
      "writeEof under load > 20 clients \u00d7 100 rounds of request, EOF, reply: every EOF and every byte arrives (test_streams.py::StreamTests::test_read_eof, under load)":
        "it runs on the loop the timed-out test before it left running under Deno ('Cannot run the event loop while another loop is running')",
    },
    "packages/streams/test/loop-resources.test.ts": {
      'what the loop owned is closed with it > the line-echo program left running prints "done" and ends (runners.py::Runner::close closes the loop)':
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "what the loop owned is closed with it > a server that never served (base_events.py::BaseEventLoop::close)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "what the loop owned is closed with it > a connection the server holds before serving, and its client":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "what the loop owned is closed with it > a connection with data in flight whose handler returned":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "what the loop owned is closed with it > a read pipe (unix_events.py::_UnixReadPipeTransport)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "what the loop owned is closed with it > a UDP endpoint (selector_events.py::_SelectorDatagramTransport)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/streams/test/options.test.ts": {
      'bad arguments are refused at the call, naming what is wrong > ssl: "yes"':
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "bad arguments are refused at the call, naming what is wrong > ssl: 0":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "bad arguments are refused at the call, naming what is wrong > ssl: an array":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "bad arguments are refused at the call, naming what is wrong > ssl: true on a server (base_events.py::create_server: ssl must be an SSLContext)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      'bad arguments are refused at the call, naming what is wrong > ssl: "yes" on a server':
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "bad arguments are refused at the call, naming what is wrong > ssl: a Map on a server":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      'bad arguments are refused at the call, naming what is wrong > sslShutdownTimeout: "1"':
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
    },
    "packages/streams/test/paused-reading.test.ts": {
      "a peer lost while the server's reading is paused > drain() raises once the peer resets (test_streams.py::StreamTests::test_drain_raises)":
        "Deno reports a write to a peer that reset the connection as EPIPE (BrokenPipeError) where Node reports ECONNRESET",
    },
    "packages/streams/test/server.test.ts": {
      "what a connection says before the server serves it > an EOF sent before startServing reaches the handler (base_events.py::Server::start_serving with the peer's FIN already in)":
        "under Deno a connection that sends EOF before the server starts serving never reaches its handler (the test times out)",
      "what a connection says before the server serves it > a reset before startServing reaches the handler as ConnectionResetError (selector_events.py::_SelectorSocketTransport::_read_ready__get_buffer on ECONNRESET)":
        "under Deno a connection reset before the server starts serving never reaches its handler (the test times out)",
      "a handler that returns without closing its writer > waitClosed() returns once the client has closed (streams.py::StreamWriter.__del__ closes an abandoned writer, gh-114914)":
        "it runs on the loop the timed-out test before it left running under Deno ('Cannot run the event loop while another loop is running')",
      "a handler that returns without closing its writer > a client that closes after the handler returned: the connection closes, what was written arrives (gh-114914)":
        "it runs on the loop the timed-out test before it left running under Deno ('Cannot run the event loop while another loop is running')",
      "a handler that returns without closing its writer > a plain handler that hands the streams to a task keeps the half-closed connection open (streams.py::StreamReaderProtocol::eof_received returns True)":
        "it runs on the loop the timed-out test before it left running under Deno ('Cannot run the event loop while another loop is running')",
    },
    "packages/streams/test/tls.test.ts": {
      "TLS > open_connection over TLS (test_streams.py::StreamTests::test_open_connection_no_loop_ssl)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS > open_unix_connection over TLS (test_streams.py::StreamTests::test_open_unix_connection_no_loop_ssl)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS > create_server_ssl_verify_failed: an unknown CA is refused (test_events.py::EventLoopTestsMixin::test_create_server_ssl_verify_failed)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS > create_server_ssl_match_failed: a wrong host name is refused (test_events.py::EventLoopTestsMixin::test_create_server_ssl_match_failed)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS > plain client against a TLS server gets no data and a clean failure (test_events.py::EventLoopTestsMixin::test_create_server_ssl)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS handshake and shutdown timeouts > a handshake the server never answers fails with ConnectionAbortedError (test_ssl.py::TestSSL::test_handshake_timeout)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS handshake and shutdown timeouts > a server drops a client whose handshake takes too long (sslproto.py::SSLProtocol::_check_handshake_timeout, server side)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS handshake and shutdown timeouts > closing a TLS connection whose peer reads nothing times out with TimeoutError (test_ssl.py::TestSSL::test_shutdown_timeout_handler_raise)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS handshake and shutdown timeouts > a tls.SecureContext serves and connects (ssl=SSLContext, test_ssl.py::TestSSL::test_create_connection_ssl_1)":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
      "TLS handshake and shutdown timeouts > a server over a tls.SecureContext drops a client whose handshake takes too long":
        "Deno's node:tls has no SecureContext class, and streams checks the ssl option with instanceof tls.SecureContext, which throws there",
    },
    "packages/subprocess/test/process-exit.test.ts": {
      "process lifetime > a program that leaves children running with pipes open ends once run() returns; the children are killed (test_subprocess.py::SubprocessMixin::test_close_kill_running)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > in debug mode each kill is reported, as CPython logs 'Close running child process: kill'":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/subprocess/test/process-options.test.ts": {
      "passFds, cwd and env > pass_fds: the child writes to a descriptor it was given, at the same number (test_subprocess.py::POSIXProcessTestCase::test_pass_fds)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "passFds, cwd and env > cwd as a file: URL, and env replacing the whole environment (test_subprocess.py::SubprocessMixin::test_create_subprocess_env_exec)":
        "a child given a whole new environment sees 3 variables under Deno (1 under Node): Deno adds its own",
    },
    "packages/tasks/test/never-retrieved.test.ts": {
      "exception never retrieved > an error made inside the task's body doesn't keep the task alive: it is reported (test_futures.py::BaseFutureTests::test_future_exception_never_retrieved)":
        "Deno doesn't run the FinalizationRegistry callback of a task's error after a forced collection, so the report never comes",
      "exception never retrieved > the report for a task runs in the task's context (test_futures2.py::FutureTests::test_task_exc_handler_correct_context)":
        "Deno doesn't run the FinalizationRegistry callback of a task's error after a forced collection, so the report never comes",
    },
    "packages/to-thread/test/context-vars.test.ts": {
      "context variables in worker threads > reach the thread through toThread, and don't come back (test_threads.py::ToThreadTests::test_to_thread_contextvars)":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/to-thread/test/faults/worker-faults.test.ts": {
      "worker faults > 10 of 60 calls end their worker with process.exit: each fails alone with its exit code; the rest return":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "worker faults > 3 calls run out of memory under resourceLimits among 6 others: only they fail, with the cause":
        "Deno's worker_threads don't enforce resourceLimits: the worker never runs out of memory",
      "worker faults > errors escaping asynchronously: during its call it fails that call; after it returned it is logged and the next call is untouched":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "worker faults > a function that returned plainly before and then goes asynchronous still fails its own call with its escaped error":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > detach: a call that never returns doesn't hold up its awaiter or the other worker; 20 calls go round it":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > terminate: 5 endless loops ended by waitFor deadlines; the calls queued behind them all run":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > cooperative: 5 spinning calls return when cancelled; one that never looks is detached at once":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "hangs under each cancellation policy > calls queued behind a hang and cancelled never run":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "detached buffers > 50 queued calls moving 5 buffers: the first of each moves it, the others fail with the detached TypeError; nothing hangs":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/process-exit.test.ts": {
      "process lifetime > a process whose pools have only idle workers exits by itself, once a running call returns":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
      "process lifetime > once run() returns, the default executor and the idle workers of the program's own pool don't keep it alive":
        "the test starts a child with process.execPath and Node's flags (--conditions, --import of the TypeScript loader); under Deno the child is Deno, which doesn't resolve the sources' .js imports to their .ts files",
    },
    "packages/to-thread/test/shadowed-globals.test.ts": {
      "names that would be rebound to the worker's globals > a local variable shadowing a worker global is reported by name":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > several names are all listed; threadFunction and submit check too":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > a name the function declares itself, or uses only as a property or in a string, is fine":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "names that would be rebound to the worker's globals > a variable that holds the global itself is not a shadow":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/thread-pool-executor.test.ts": {
      "cancellation policies > cooperative: throwIfAborted and the abort event work in the worker":
        "under Deno the worker never sees the abort of a cooperative cancellation (the test times out)",
      "failures > a worker that calls process.exit fails only its call and is replaced":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "failures > a worker out of memory under resourceLimits fails its call with the cause":
        "Deno's worker_threads don't enforce resourceLimits: the worker never runs out of memory",
      "failures > an error escaping the function asynchronously kills only that call":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "idle workers > are reused, and retired after idleTimeout":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "shutdown > shutdown({ wait: false }) returns at once; submitted calls still finish; new ones are refused (test_concurrent_futures::ThreadPoolShutdownTest::test_shutdown_no_wait)":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
      "shutdown > shutdown({ cancelFutures: true }) cancels what hasn't started and waits for the rest (test_concurrent_futures::ThreadPoolShutdownTest::test_cancel_futures)":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/to-thread.test.ts": {
      "toThread > awaits an async function and lets it import modules":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "packages/to-thread/test/transfer.test.ts": {
      "transfer() and detached buffers > a result whose transfer list holds a detached buffer fails the call with a TypeError; the worker stays usable":
        "toThread's check for shadowed globals asks node:inspector synchronously; Deno's inspector session doesn't answer synchronously ('Runtime.releaseObjectGroup did not answer synchronously')",
    },
    "apps/demo/test/main.test.ts": {
      "the demo > exits with code 0":
        "the built demo runs on Deno itself, started without run -A: it stops at its first access to the environment",
      "the demo > 5. starts the worker threads before the progress display, so the count moves from its first lines":
        "the built demo runs on Deno itself, started without run -A: it stops at its first access to the environment",
      "the demo > 5. prints no progress line after the step's summary, and every megabyte is counted":
        "the built demo runs on Deno itself, started without run -A: it stops at its first access to the environment",
      "the demo > ends with a summary of what each step showed, and prints nothing after it":
        "the built demo runs on Deno itself, started without run -A: it stops at its first access to the environment",
    },
  },
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
