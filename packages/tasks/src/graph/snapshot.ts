/**
 * A snapshot of every pending task: its name and state, what it awaits, who awaits it, and where
 * it is suspended — the data behind `captureCallGraph`, the task dump on a signal, and the
 * `asyncio-ps` / `asyncio-pstree` commands.
 *
 * `takeTaskSnapshot` is self-contained on purpose: it reads the library only through what the
 * library keeps on `globalThis` (the task registry, the open task groups, the recorded suspension
 * sites) and through the duck-typed members of its objects, and imports nothing. So the very same
 * function, sent as source text over the inspector protocol, takes the snapshot inside another
 * Node process that uses the library, without that program's cooperation.
 */
import type { StackFrame } from "./stack-frames.js";

/** One thing a task awaits (a task may await several at once, through `Promise.all`). */
export interface SnapshotAwait {
  /** What it waits for, as `ps` shows it: `Task-3`, `gather()`, `sleep(5)`, `Lock.acquire() on ...`. */
  readonly label: string;
  /** The node of the Future awaited, if it is one of the snapshot's nodes. */
  readonly future: number | null;
  /** The nodes the task waits on through this await (they are "awaited by" the task). */
  readonly waitsOn: readonly number[];
}

/** A task, or a Future that tasks await. */
export interface SnapshotNode {
  /** A number for the object, stable for its life (Python shows `id()`). */
  readonly id: number;
  readonly kind: "task" | "future";
  /** The task's name, or what the Future is. */
  readonly name: string;
  /**
   * `running` (its code is on the stack now), `pending` (suspended), `cancelling` (suspended with
   * a cancellation requested), `not started`; a Future is `pending`.
   */
  readonly state: string;
  /** What the task runs: `main()`. */
  readonly coro: string | null;
  /**
   * Where the task is suspended, innermost first: the recorded frames of its `await` (in debug
   * mode), else its coroutine's name; topped with the operation it waits in (`sleep`).
   */
  readonly stack: readonly StackFrame[];
  /** Whether `stack` holds recorded source locations (debug mode) rather than names only. */
  readonly located: boolean;
  readonly awaits: readonly SnapshotAwait[];
  /** The nodes of the tasks that wait on this one. */
  readonly awaitedBy: readonly number[];
  /** Started, not running, awaiting nothing of ours: it waits on a foreign Promise. */
  readonly blockedOnForeign: boolean;
  /** Where the task was created, when recorded (debug mode). */
  readonly createdAt: readonly StackFrame[] | null;
}

/** The running loop, as the snapshot saw it. */
export interface SnapshotLoop {
  readonly running: boolean;
  readonly closed: boolean;
  readonly debug: boolean;
  readonly time: number | null;
  /** The node of the task whose step runs now, if any. */
  readonly steppingTask: number | null;
  /** Handles waiting in the ready queue. */
  readonly ready: number | null;
}

/**
 * Every task of a process and what each awaits, as plain data (what `asyncio-ps` and
 * `asyncio-pstree` read from a running program): numbered nodes, each task naming the nodes it
 * waits on.
 */
export interface TaskGraphSnapshot {
  readonly pid: number;
  readonly threadId: number;
  /** Whether the library is loaded at all (its task registry exists). */
  readonly libraryLoaded: boolean;
  /** Whether suspension sites are being recorded (debug mode). */
  readonly recordingSites: boolean;
  readonly loop: SnapshotLoop | null;
  /**
   * The JavaScript frames below the snapshot when asked for, innermost first: taken through an
   * inspector while the program is busy, they show the code that holds the loop (a slow
   * callback); empty when the program was idle.
   */
  readonly runningStack: readonly StackFrame[] | null;
  readonly nodes: readonly SnapshotNode[];
}

/** Options of `takeTaskSnapshot`. */
export interface SnapshotOptions {
  /** Include the JavaScript stack below the snapshot (`runningStack`). */
  readonly runningStack?: boolean;
}

/** A snapshot with, in this process, the objects behind its nodes. */
export interface LiveTaskGraphSnapshot extends TaskGraphSnapshot {
  readonly objects: ReadonlyMap<number, object>;
}

// biome-ignore lint/suspicious/noExplicitAny: the snapshot reads other copies' objects by duck typing.
type Loose = any;

/**
 * Takes the snapshot. Self-contained: it must not use anything outside its own body (see the
 * top of this file).
 */
export function takeTaskSnapshot(options?: SnapshotOptions): LiveTaskGraphSnapshot {
  const g: Loose = globalThis;
  const registry: Loose = g[Symbol.for("@asyncio/task-registry")];
  const sites: Loose = g[Symbol.for("@asyncio/suspension-sites")];
  const groups: Loose = g[Symbol.for("@asyncio/open-task-groups")];
  const frames: Loose = g[Symbol.for("@asyncio/execution-frames")];
  const loopSlot: Loose = g[Symbol.for("@asyncio/running-loop")];
  const idKey = Symbol.for("@asyncio/graph-ids");
  g[idKey] ??= { next: 1, ids: new WeakMap() };
  const idSlot: Loose = g[idKey];
  const taskBrand = Symbol.for("@asyncio/task");
  const futureBrand = Symbol.for("@asyncio/future");
  const coroutineBrand = Symbol.for("@asyncio/coroutine");

  interface Building {
    id: number;
    kind: "task" | "future";
    name: string;
    state: string;
    coro: string | null;
    stack: StackFrame[];
    located: boolean;
    awaits: SnapshotAwait[];
    awaitedBy: Set<number>;
    blockedOnForeign: boolean;
    createdAt: StackFrame[] | null;
  }

  const isTask = (value: Loose): boolean =>
    typeof value === "object" && value !== null && value[taskBrand] === true;
  const isFuture = (value: Loose): boolean =>
    typeof value === "object" && value !== null && value[futureBrand] === true;
  const idOf = (value: object): number => {
    let id = idSlot.ids.get(value);
    if (id === undefined) {
      id = idSlot.next++;
      idSlot.ids.set(value, id);
    }
    return id;
  };
  const safe = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      // A member that throws (an old or foreign copy of the library): show what is known.
      return fallback;
    }
  };
  const coroName = (coro: Loose): string => {
    let name: string;
    if (typeof coro === "object" && coro !== null && coro[coroutineBrand] === true) {
      name = String(coro.name);
    } else if (typeof coro === "function") name = coro.name;
    else return "Promise";
    return name === "" || name === "<anonymous>" ? "anonymous" : name;
  };
  // The same test as `isLibraryFrame` of stack-frames.ts, repeated: this function imports nothing.
  const libraryFile =
    /[\\/](?:packages|@asyncio)[\\/](?:all|bullmq|compat|core|futures|inspect|locks|queues|streams|subprocess|tasks|to-thread)[\\/](?:src|dist)[\\/]/;
  const isLibraryFile = (file: string | null | undefined): boolean =>
    typeof file === "string" && libraryFile.test(file);
  const nameFrame = (name: string): StackFrame => ({
    name,
    fileName: null,
    lineNumber: null,
    columnNumber: null,
    isAsync: true,
  });

  const current: Loose = safe(() => frames?.getStore()?._task ?? null, null);
  const loop: Loose = loopSlot?.loop ?? null;
  const stepping: Loose = safe(() => loop?.scheduler?.steppingTask ?? null, null);

  const nodes: Building[] = [];
  const byObject = new Map<object, Building>();
  const objects = new Map<number, object>();
  const add = (object: Loose, node: Building): Building => {
    nodes.push(node);
    byObject.set(object, node);
    objects.set(node.id, object);
    return node;
  };
  const taskNode = (task: Loose): Building => {
    const known = byObject.get(task);
    if (known !== undefined) return known;
    const done = safe(() => task.done() as boolean, false);
    const cancelling = safe(() => task.cancelling() as number, 0) > 0;
    const started = safe(() => task._started as boolean | undefined, undefined) !== false;
    let state = cancelling ? "cancelling" : "pending";
    if (done) state = "done";
    else if (task === current || task === stepping) state = "running";
    else if (!started) state = "not started";
    const coro = coroName(safe(() => task.getCoro(), null));
    return add(task, {
      id: idOf(task),
      kind: "task",
      name: safe(() => String(task.getName()), "Task"),
      state,
      coro,
      stack: [nameFrame(coro)],
      located: false,
      awaits: [],
      awaitedBy: new Set(),
      blockedOnForeign: false,
      createdAt: null,
    });
  };
  const futureNode = (future: Loose, label: string): Building => {
    const known = byObject.get(future);
    if (known !== undefined) return known;
    return add(future, {
      id: idOf(future),
      kind: "future",
      name: label,
      state: safe(() => (future.done() ? "done" : "pending"), "pending"),
      coro: null,
      stack: [],
      located: false,
      awaits: [],
      awaitedBy: new Set(),
      blockedOnForeign: false,
      createdAt: null,
    });
  };
  /** The node for something awaited through another Future (a gather's child, a lock holder). */
  const targetNode = (target: Loose): Building | null => {
    if (isTask(target)) return taskNode(target);
    if (isFuture(target))
      return futureNode(
        target,
        safe(() => String(target), "Future"),
      );
    return null;
  };

  const tasks: Building[] = [];
  for (let task = registry?.head ?? null; task !== null; task = task._nextTask) {
    if (!safe(() => task.done() as boolean, false)) tasks.push(taskNode(task));
  }

  for (const node of tasks) {
    const task: Loose = objects.get(node.id);
    const handles: Loose[] = [];
    for (let handle = task._lastAwait ?? null; handle !== null; handle = handle._prevAwait) {
      handles.unshift(handle);
    }
    let topFrame: string | null = null;
    for (const handle of handles) {
      const future: Loose = handle.future;
      if (future === null || future === undefined) {
        node.awaits.push({ label: "sleep(0)", future: null, waitsOn: [] });
        topFrame = "sleep";
        continue;
      }
      if (isTask(future)) {
        const target = taskNode(future);
        target.awaitedBy.add(node.id);
        node.awaits.push({ label: target.name, future: target.id, waitsOn: [target.id] });
        topFrame = null;
        continue;
      }
      const description: Loose =
        typeof future._describeAwait === "function"
          ? safe(() => future._describeAwait(), null)
          : null;
      const label = String(description?.label ?? safe(() => String(future), "Future"));
      const waitsOn: number[] = [];
      const through: Loose[] = description?.waitsOn ?? [];
      for (const each of through) {
        const target = targetNode(each);
        if (target === null || target === node) continue;
        target.awaitedBy.add(node.id);
        waitsOn.push(target.id);
      }
      let futureId: number | null = null;
      if (through.length === 0) {
        const own = futureNode(future, label);
        own.awaitedBy.add(node.id);
        futureId = own.id;
        waitsOn.push(own.id);
      }
      node.awaits.push({ label, future: futureId, waitsOn });
      topFrame = description?.frame ?? null;
    }

    node.blockedOnForeign =
      handles.length === 0 && (node.state === "pending" || node.state === "cancelling");
    if (sites !== undefined) {
      const newest = handles[handles.length - 1];
      const located: StackFrame[] | null = safe(
        () =>
          newest !== undefined
            ? sites.suspensionSite(newest)
            : node.blockedOnForeign
              ? sites.foreignWaitSite(task)
              : null,
        null,
      );
      if (located !== null && located.length > 0) {
        node.stack = [...located];
        node.located = true;
      }
      node.createdAt = safe(() => sites.creationSite(task), null);
    }
    if (topFrame !== null) {
      // The operation's name stands for the library's own frames above the program's.
      while (node.located && node.stack.length > 1 && isLibraryFile(node.stack[0]?.fileName)) {
        node.stack.shift();
      }
      node.stack.unshift(nameFrame(topFrame));
    }
  }

  // Edges recorded with `futureAddToAwaitedBy`: each waiter awaits the node.
  const recorded: Loose = g[Symbol.for("@asyncio/awaited-by")];
  if (recorded !== undefined) {
    for (const node of [...nodes]) {
      const waiters: Loose = recorded.get(objects.get(node.id));
      if (waiters === undefined) continue;
      for (const waiter of waiters) {
        if (safe(() => waiter.done() as boolean, false)) continue;
        const awaiter = targetNode(waiter);
        if (awaiter !== null && awaiter !== node) node.awaitedBy.add(awaiter.id);
      }
    }
  }

  if (groups !== undefined) {
    for (const group of groups) {
      const described: Loose = safe(() => group._describeGroup(), null);
      if (described === null) continue;
      const parent = byObject.get(described.parent);
      if (parent === undefined || parent.kind !== "task") continue;
      for (const child of described.tasks) {
        const node = byObject.get(child);
        if (node === undefined || node === parent || node.state === "done") continue;
        node.awaitedBy.add(parent.id);
      }
    }
  }

  let runningStack: StackFrame[] | null = null;
  if (options?.runningStack === true) {
    const holder: { stack?: unknown } = {};
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    Error.stackTraceLimit = 50;
    // Set before the capture: V8 formats the stack when it is first read, other engines at once.
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, takeTaskSnapshot);
    const stack = safe(() => holder.stack, []);
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
    // An engine without V8's call sites (Bun) gives a string: no frames then.
    const sites: Loose[] = Array.isArray(stack) ? (stack as Loose[]) : [];
    runningStack = [];
    for (const site of sites) {
      const file: string | null = site.getFileName() ?? null;
      // The expression an inspector evaluated to call this function: no file of the program.
      if (site.isEval() || (runningStack.length === 0 && (file === null || file === ""))) continue;
      const name: string = site.getFunctionName() ?? "<anonymous>";
      const type: string | null = site.getTypeName();
      runningStack.push({
        name:
          type === null || type === "Object" || site.isToplevel() || name.startsWith(`${type}.`)
            ? name
            : `${type}.${name}`,
        fileName: file,
        lineNumber: site.getLineNumber(),
        columnNumber: site.getColumnNumber(),
        isAsync: site.isAsync(),
      });
    }
  }

  const process: Loose = g.process;
  return {
    pid: Number(process?.pid ?? 0),
    threadId: safe(() => Number(process.getBuiltinModule("node:worker_threads").threadId ?? 0), 0),
    libraryLoaded: registry !== undefined,
    recordingSites: sites !== undefined,
    loop:
      loop === null
        ? null
        : {
            running: safe(() => Boolean(loop.isRunning()), false),
            closed: safe(() => Boolean(loop.isClosed()), false),
            debug: safe(() => Boolean(loop.getDebug()), false),
            time: safe(() => Number(loop.time()), null),
            steppingTask: stepping === null ? null : taskNode(stepping).id,
            ready: safe(() => {
              const ready = loop.scheduler?.ready?.length;
              return typeof ready === "number" ? ready : null;
            }, null),
          },
    runningStack,
    nodes: nodes.map((node) => ({ ...node, awaitedBy: [...node.awaitedBy] })),
    objects,
  };
}

/** The number a snapshot gives `object` (given now, if no snapshot saw it yet). */
export function graphIdOf(object: object): number {
  const slotKey = Symbol.for("@asyncio/graph-ids");
  const globals = globalThis as unknown as Record<
    symbol,
    { next: number; ids: WeakMap<object, number> }
  >;
  const slot = (globals[slotKey] ??= { next: 1, ids: new WeakMap() });
  let id = slot.ids.get(object);
  if (id === undefined) {
    id = slot.next++;
    slot.ids.set(object, id);
  }
  return id;
}
