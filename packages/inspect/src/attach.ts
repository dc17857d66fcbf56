/**
 * Takes the task snapshot of another Node process, with no change to its code: its inspector is
 * opened as `node inspect -p PID` does (SIGUSR1), `takeTaskSnapshot` — written to need nothing
 * but what the library keeps on `globalThis` — is evaluated there over the inspector protocol, and
 * the inspector is closed again if it was closed before. Taken between two steps, the snapshot
 * shows every task suspended; taken while the program is stuck in synchronous code (a slow
 * callback), its `runningStack` shows that code.
 */
import { readFileSync, readlinkSync } from "node:fs";
import { type TaskGraphSnapshot, takeTaskSnapshot } from "@asyncio/tasks";

/** Why a process could not be inspected. */
export class InspectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InspectError";
  }
}

/** Options of `inspectProcess`: how to reach the target's inspector. */
export interface InspectOptions {
  /** The inspector's port in the target (Node's default, 9229, unless it was started otherwise). */
  readonly port?: number;
  /** How long to wait for the inspector to answer, in milliseconds (default 5000). */
  readonly timeoutMs?: number;
}

/** The program the process runs, as its command line names it (Linux: `/proc`). */
function executableOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0")[0] ?? null;
    } catch {
      // No /proc (or no access to it): the inspector itself will tell.
      return null;
    }
  }
}

function checkProcess(pid: number): void {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") throw new InspectError(`no process with pid ${pid}`);
    if (code === "EPERM") {
      throw new InspectError(
        `no permission to inspect process ${pid} (run as its user, or as root)`,
      );
    }
    throw error;
  }
  const executable = executableOf(pid);
  // SIGUSR1 ends a process that doesn't handle it: never send it to something that isn't Node.
  if (
    executable !== null &&
    !/(?:^|[\\/])node(?:js)?(?:\.exe)?(?: \(deleted\))?$/.test(executable)
  ) {
    throw new InspectError(`process ${pid} is not a Node process (it runs ${executable})`);
  }
}

interface InspectorTarget {
  readonly webSocketDebuggerUrl: string;
}

async function listTargets(port: number): Promise<InspectorTarget[] | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/json/list`, {
      signal: AbortSignal.timeout(1000),
    });
    return (await response.json()) as InspectorTarget[];
  } catch {
    // Nothing listens there (yet).
    return null;
  }
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A session over the inspector's WebSocket: numbered calls, answered in any order. */
class Session {
  private readonly socket: WebSocket;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new InspectError(message.error.message));
      else waiter?.resolve(message.result);
    });
    socket.addEventListener("close", () => {
      for (const waiter of this.waiting.values()) {
        waiter.reject(new InspectError("the inspector closed the connection"));
      }
      this.waiting.clear();
    });
  }

  static open(url: string, timeoutMs: number): Promise<Session> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new InspectError(`the inspector at ${url} did not answer in ${timeoutMs} ms`));
      }, timeoutMs);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new Session(socket));
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new InspectError(`could not connect to the inspector at ${url}`));
      });
    });
  }

  /** Evaluates `expression` in the target and returns its value (a JSON-able one). */
  evaluate(expression: string, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new InspectError(`the process did not answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          const { result: value, exceptionDetails } = result as {
            result: { value?: unknown };
            exceptionDetails?: { text: string; exception?: { description?: string } };
          };
          if (exceptionDetails !== undefined) {
            const detail = exceptionDetails.exception?.description ?? exceptionDetails.text;
            reject(new InspectError(`evaluating in the process failed: ${detail}`));
          } else resolve(value.value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(
        JSON.stringify({
          id,
          method: "Runtime.evaluate",
          params: { expression, returnByValue: true, includeCommandLineAPI: false },
        }),
      );
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** The expression that takes the snapshot in the target, as JSON text (its live objects left). */
function snapshotExpression(): string {
  return `(() => {
    const snapshot = (${takeTaskSnapshot.toString()})({ runningStack: true });
    const { objects, ...data } = snapshot;
    return JSON.stringify(data);
  })()`;
}

/**
 * The task snapshot of process `pid`. `InspectError` when it can't be had: no such process, no
 * permission, not a Node process, no inspector answering, or the library not loaded there.
 */
export async function inspectProcess(
  pid: number,
  options: InspectOptions = {},
): Promise<TaskGraphSnapshot> {
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new TypeError(`pid must be a positive integer, got ${JSON.stringify(pid)}`);
  }
  const port = options.port ?? 9229;
  const timeoutMs = options.timeoutMs ?? 5000;
  checkProcess(pid);
  let targets = await listTargets(port);
  const openedByUs = targets === null;
  if (openedByUs) {
    (process as unknown as { _debugProcess(pid: number): void })._debugProcess(pid);
    const deadline = Date.now() + timeoutMs;
    while (targets === null && Date.now() < deadline) {
      await sleepMs(50);
      targets = await listTargets(port);
    }
  }
  const target = targets?.[0];
  if (target === undefined) {
    throw new InspectError(
      `process ${pid} opened no inspector on port ${port} (started with --disable-sigusr1, or another port?)`,
    );
  }
  const session = await Session.open(target.webSocketDebuggerUrl, timeoutMs);
  try {
    const targetPid = await session.evaluate("process.pid", timeoutMs);
    if (targetPid !== pid) {
      throw new InspectError(
        `the inspector on port ${port} belongs to process ${String(targetPid)}, not ${pid}`,
      );
    }
    const text = await session.evaluate(snapshotExpression(), timeoutMs);
    const snapshot = JSON.parse(String(text)) as TaskGraphSnapshot;
    if (!snapshot.libraryLoaded) {
      throw new InspectError(`process ${pid} runs Node, but not the asyncio library`);
    }
    return snapshot;
  } finally {
    if (openedByUs) {
      // Closed once this session has gone: `inspector.close()` waits for its sessions to end.
      await session
        .evaluate(
          `void setTimeout(() => process.getBuiltinModule("node:inspector").close(), 100).unref()`,
          timeoutMs,
        )
        .catch(() => undefined);
    }
    session.close();
  }
}
