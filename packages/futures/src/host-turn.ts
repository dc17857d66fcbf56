/**
 * A callback on the host's next turn, once every pending microtask has run: what a loop needs to
 * let I/O and timers in, and to notice that a task's step is blocked on a foreign Promise. Node,
 * Deno and Bun have `setImmediate`; a browser gets the same from a `MessageChannel`, whose
 * messages are tasks of the event loop, not clamped as nested `setTimeout(0)`s are.
 */

interface PendingTurn {
  callback: (() => void) | null;
}

let channel: { post(): void } | null = null;
const pendingTurns: PendingTurn[] = [];

function runNextTurn(): void {
  const turn = pendingTurns.shift();
  const callback = turn?.callback;
  if (callback == null) return;
  (turn as PendingTurn).callback = null;
  callback();
}

function messageChannel(): { post(): void } {
  const { port1, port2 } = new MessageChannel();
  // The DOM's MessagePort (the only one this runs on); Node's types describe worker_threads'.
  (port1 as unknown as { onmessage: () => void }).onmessage = runNextTurn;
  return { post: () => port2.postMessage(null) };
}

const hasSetImmediate = typeof setImmediate === "function";

/**
 * Calls `callback` on the host's next turn: `setImmediate` where the runtime has it, a
 * `MessageChannel` message elsewhere. Returns a token for `cancelHostTurn`.
 *
 * @example
 * ```ts
 * const turn = scheduleHostTurn(() => console.log("after I/O had its turn"));
 * cancelHostTurn(turn);
 * ```
 */
export function scheduleHostTurn(callback: () => void): unknown {
  if (hasSetImmediate) return setImmediate(callback);
  const turn: PendingTurn = { callback };
  pendingTurns.push(turn);
  channel ??= messageChannel();
  channel.post();
  return turn;
}

/** Cancels a callback of `scheduleHostTurn` that hasn't run yet. */
export function cancelHostTurn(token: unknown): void {
  if (hasSetImmediate) clearImmediate(token as ReturnType<typeof setImmediate>);
  else (token as PendingTurn).callback = null;
}
