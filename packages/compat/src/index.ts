/**
 * Python's asyncio names over the library's objects:
 * `import * as asyncio from "@asyncio/compat"`, then port line by line.
 */
import "./io-aliases.js";

// ...and the names of network, process and thread I/O.
export {
  type BaseTransport,
  BrokenPipeError,
  ConnectionAbortedError,
  ConnectionError,
  ConnectionRefusedError,
  ConnectionResetError,
  DatagramTransport,
  GaiError as gaierror,
  IncompleteReadError,
  LimitOverrunError,
  OSError,
  type ReadTransport,
  SendfileNotAvailableError,
  Server,
  StreamReader,
  StreamReaderProtocol,
  StreamWriter,
  type Transport,
  TransportSocket,
  type WriteTransport,
} from "@asyncio/streams";
export {
  FileNotFoundError,
  PermissionError,
  ProcessLookupError,
} from "@asyncio/subprocess";
export type {
  PythonConnectionOptions,
  PythonDatagramOptions,
  PythonGetaddrinfoOptions,
  PythonServerOptions,
  PythonStartTlsOptions,
  PythonWriterStartTlsOptions,
} from "./io-aliases.js";
// Everything of the scheduling entry (the loop, futures, tasks, combinators, locks, queues)...
export * from "./scheduling.js";
export * as socket from "./socket.js";
export * as ssl from "./ssl.js";
export {
  DatagramProtocol,
  type LimitOption,
  open_connection,
  open_unix_connection,
  Protocol,
  start_server,
  start_unix_server,
} from "./streams.js";
export * as subprocess from "./subprocess.js";
export {
  create_subprocess_exec,
  create_subprocess_shell,
  type PythonSubprocessOptions,
} from "./subprocess.js";
export {
  ConcurrentFuture,
  type PythonShutdownOptions,
  type PythonThreadPoolExecutorOptions,
  ThreadPoolExecutor,
  to_thread,
  wrap_future,
} from "./threads.js";
