/**
 * Debug mode's "coroutine ... was never awaited" (Python's `RuntimeWarning`): a lazy coroutine
 * made and then dropped without ever running is a call whose `await` was forgotten — its code
 * never ran. Each coroutine made while debug mode is on is watched (with where it was made) until
 * it starts or is closed; one the garbage collector takes before that is reported then.
 */

import type { StackFrame } from "@asyncio/tasks";
import {
  addCoroutineObserver,
  type CoroutineObserver,
  removeCoroutineObserver,
} from "@asyncio/tasks/contract";
import { captureStack, framesOf, isLibraryFrame, isNodeInternal } from "@asyncio/tasks/graph";
import { getLogger } from "../logger.js";
import { formatTraceback } from "./tracebacks.js";

/** How many frames a report may show. */
const CAPTURED_FRAMES = 30;

interface Watched {
  readonly name: string;
  /**
   * Read at once, not kept as a captured stack: V8's captured frames hold their receivers, the
   * coroutine among them, and a registry's held value must not keep its target alive.
   */
  readonly created: readonly StackFrame[];
}

function report(watched: Watched): void {
  // The library's own frames and Node's say nothing of where the program made it.
  const frames = watched.created.filter(
    (frame) => !isLibraryFrame(frame) && !isNodeInternal(frame),
  );
  const where = formatTraceback(frames);
  getLogger().warning(
    `coroutine '${watched.name}' was never awaited${
      where === "" ? "" : `\nCoroutine created at (most recent call last)\n${where}`
    }`,
  );
}

let registry: FinalizationRegistry<Watched> | null = null;

const watcher: CoroutineObserver = {
  created(coroutine) {
    registry?.register(
      coroutine,
      {
        name: String((coroutine as { name?: unknown }).name),
        created: framesOf(captureStack(watcher.created, CAPTURED_FRAMES)),
      },
      coroutine,
    );
  },
  consumed(coroutine) {
    registry?.unregister(coroutine);
  },
};

/** Starts watching the coroutines made from now on. */
export function startWatchingCoroutines(): void {
  registry ??= new FinalizationRegistry(report);
  addCoroutineObserver(watcher);
}

/**
 * Stops watching new coroutines. Those made while debug mode was on stay watched: one dropped
 * after debug mode ended is reported still, as Python reports it whenever it is collected.
 */
export function stopWatchingCoroutines(): void {
  removeCoroutineObserver(watcher);
}
