/**
 * The part of the caller's context that a worker thread can receive: for each context variable
 * that has a cross-thread identity (see `contextVarIdentity`), its value, if it can be cloned.
 * Variables without an identity, and values that can't be cloned (or would lose their class),
 * are left out; the worker gives what it receives to its own variables of those identities.
 */
import type { Context } from "@asyncio/futures";
import { contextVarIdentity, contextVarsInUse } from "@asyncio/futures/contract";
import { lostClassName } from "./uncloneable.js";

/** (identity, value) pairs, as the worker's program expects them. */
export type ContextEntries = [identity: string, value: unknown][];

const EMPTY: ContextEntries = [];

/** Entries per map of values: a context's map is replaced, never changed, when a variable is set. */
const byValues = new WeakMap<object, ContextEntries>();

function canCross(value: unknown): boolean {
  if (lostClassName(value) !== null) return false;
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** What `context` can send to a worker thread; empty when no variable was ever set. */
export function contextEntries(context: Context): ContextEntries {
  if (!contextVarsInUse() || context.size === 0) return EMPTY;
  const values = context._vars;
  const cached = byValues.get(values);
  if (cached !== undefined) return cached;
  const entries: ContextEntries = [];
  for (const [variable, value] of context.entries()) {
    const identity = contextVarIdentity(variable);
    if (identity !== null && canCross(value)) entries.push([identity, value]);
  }
  byValues.set(values, entries);
  return entries;
}
