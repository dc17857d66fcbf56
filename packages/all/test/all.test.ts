/**
 * `@asyncio/all` holds no code of its own: every export of every package is re-exported as the
 * very same object, and the compat facade is there as `asyncio`. `export *` silently drops a name
 * that two packages export, so a clash would show up here as a missing name.
 */
import * as all from "@asyncio/all";
import * as compat from "@asyncio/compat";
import * as core from "@asyncio/core";
import * as futures from "@asyncio/futures";
import * as locks from "@asyncio/locks";
import * as queues from "@asyncio/queues";
import * as streams from "@asyncio/streams";
import * as subprocess from "@asyncio/subprocess";
import * as tasks from "@asyncio/tasks";
import * as toThread from "@asyncio/to-thread";
import { describe, expect, it } from "vitest";

const PACKAGES = { core, futures, locks, queues, streams, subprocess, tasks, toThread };

describe("@asyncio/all", () => {
  it("re-exports every export of each package, as the same object", () => {
    const exported = all as Record<string, unknown>;
    const missing: string[] = [];
    const different: string[] = [];
    for (const [pkg, namespace] of Object.entries(PACKAGES)) {
      for (const [name, value] of Object.entries(namespace)) {
        if (!(name in exported)) missing.push(`${pkg}.${name}`);
        else if (exported[name] !== value) different.push(`${pkg}.${name}`);
      }
    }
    expect(missing).toEqual([]);
    expect(different).toEqual([]);
  });

  it("exports nothing that no package exports, besides the asyncio namespace", () => {
    const known = new Set(Object.values(PACKAGES).flatMap((namespace) => Object.keys(namespace)));
    expect(Object.keys(all).filter((name) => !known.has(name))).toEqual(["asyncio"]);
  });

  it("asyncio is the compat facade itself: Python names over the same objects", () => {
    expect(all.asyncio).toBe(compat);
    expect(all.asyncio.create_task).toBe(all.createTask);
    expect(all.asyncio.Task).toBe(all.Task);
    expect(all.asyncio.get_running_loop).toBe(all.getRunningLoop);
  });
});
