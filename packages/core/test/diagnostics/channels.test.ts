/**
 * The `node:diagnostics_channel` events, as an APM or OpenTelemetry instrumentation subscribes to
 * them: a task's life in order, what it suspends on, its cancellation, the loop's iterations.
 * No CPython counterpart: Python publishes no such events.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { DIAGNOSTICS_CHANNELS, run } from "@asyncio/core";
import { Future } from "@asyncio/futures";
import { createTask, sleep, type Task } from "@asyncio/tasks";
import { afterEach, describe, expect, it } from "vitest";

type Listener = (message: unknown, name: string | symbol) => void;
const subscribed: [string, Listener][] = [];

function listen(name: string, listener: Listener): void {
  subscribe(name, listener);
  subscribed.push([name, listener]);
}

afterEach(() => {
  for (const [name, listener] of subscribed.splice(0)) unsubscribe(name, listener);
});

describe("diagnostics_channel events", () => {
  it("a task's life: created, a step starts, suspended on what it awaits, resumed, cancelled, done", async () => {
    const events: string[] = [];
    let watched: Task<void> | null = null;
    const record =
      (label: string): Listener =>
      (message) => {
        const {
          task,
          awaiting,
          message: reason,
        } = message as {
          task: unknown;
          awaiting?: unknown;
          message?: string;
        };
        if (task !== watched) return;
        if (label === "suspended") {
          events.push(`suspended on ${awaiting instanceof Future ? "a Future" : String(awaiting)}`);
        } else if (label === "cancel") events.push(`cancel(${reason})`);
        else events.push(label);
      };
    listen(DIAGNOSTICS_CHANNELS.taskStepStart, record("step"));
    listen(DIAGNOSTICS_CHANNELS.taskSuspended, record("suspended"));
    listen(DIAGNOSTICS_CHANNELS.taskCancel, record("cancel"));
    listen(DIAGNOSTICS_CHANNELS.taskDone, record("done"));
    listen(DIAGNOSTICS_CHANNELS.taskCreated, (message) => {
      const { task } = message as { task: Task<void> };
      if (task.getName() === "watched") {
        watched = task;
        events.push("created");
      }
    });
    await run(async () => {
      const task = createTask(
        async () => {
          await sleep(0);
          await sleep(3600);
        },
        { name: "watched" },
      );
      await sleep(0);
      await sleep(0);
      task.cancel("enough");
      await task.then(
        () => undefined,
        () => undefined,
      );
      expect(task.cancelled()).toBe(true);
    });
    expect(events).toEqual([
      "created",
      "step",
      "suspended on null",
      "step",
      "suspended on a Future",
      "cancel(enough)",
      "step",
      "done",
    ]);
  });

  it("a task awaiting a foreign Promise is published as blocked on it", async () => {
    const blocked: string[] = [];
    listen(DIAGNOSTICS_CHANNELS.taskBlocked, (message) => {
      blocked.push((message as { task: Task<void> }).task.getName());
    });
    await run(async () => {
      await createTask(
        async () => {
          await new Promise((resolve) => setImmediate(resolve));
        },
        { name: "fetching" },
      );
    });
    expect(blocked).toContain("fetching");
  });

  it("each iteration of the loop is published with the number of ready handles", async () => {
    const iterations: number[] = [];
    let loopSeen: unknown = null;
    listen(DIAGNOSTICS_CHANNELS.loopIteration, (message) => {
      const { loop, ready } = message as { loop: unknown; ready: number };
      loopSeen = loop;
      iterations.push(ready);
    });
    let running: unknown = null;
    await run(async () => {
      const { getEventLoop } = await import("@asyncio/core");
      running = getEventLoop();
      await sleep(0);
      await sleep(0);
    });
    expect(loopSeen).toBe(running);
    expect(iterations.length).toBeGreaterThanOrEqual(3);
    expect(iterations.every((ready) => ready >= 1)).toBe(true);
  });

  it("a subscriber added between two runs hears the tasks of the next run", async () => {
    const heard: string[] = [];
    await run(async () => {
      await sleep(0);
    });
    const listener: Listener = (message) =>
      heard.push((message as { task: Task<void> }).task.getName());
    listen(DIAGNOSTICS_CHANNELS.taskDone, listener);
    await run(async () => {
      await createTask(async () => undefined, { name: "later" });
    });
    expect(heard).toContain("later");
  });
});
