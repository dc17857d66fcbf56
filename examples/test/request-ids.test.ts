/**
 * The request-id example: every line logged for a request carries that request's id, whether it
 * was logged by the handler after a foreign await, by a child task, by a loop callback, or
 * computed on a worker thread; `main`'s own lines have none. The three requests interleave
 * differently from run to run (their worker threads finish in any order), so each request's
 * lines are checked in order on their own.
 */
import { describe, expect, it } from "vitest";
import { runExample } from "./support/example-process.js";

const EXPECTED: Record<string, string[]> = {
  "req-1": [
    "GET /reports/7 from alice",
    "audit: alice was here",
    "callback: request accepted",
    "loaded alice's settings",
    "thread: <h1>/reports/7</h1> (dark theme) rendered for req-1",
    "200 OK",
  ],
  "req-2": [
    "GET /settings from bob",
    "audit: bob was here",
    "callback: request accepted",
    "loaded bob's settings",
    "thread: <h1>/settings</h1> (large print theme) rendered for req-2",
    "200 OK",
  ],
  "req-3": [
    "GET / from carol",
    "audit: carol was here",
    "callback: request accepted",
    "loaded carol's settings",
    "thread: <h1>/</h1> (plain theme) rendered for req-3",
    "200 OK",
  ],
};

describe("examples/request-ids", () => {
  it("tags every line with its own request's id, across tasks, callbacks and threads", async () => {
    const { code, signal, stdout, stderr } = await runExample("request-ids/main.js");
    expect(stderr).toBe("");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const byId = new Map<string, string[]>();
    for (const line of stdout) {
      const [, id, message] = /^\[([^\]]+)\] (.*)$/.exec(line) ?? [];
      expect(id, `an untagged line: ${line}`).toBeDefined();
      byId.set(id as string, [...(byId.get(id as string) ?? []), message as string]);
    }
    expect(Object.fromEntries(byId)).toEqual({
      "-": ["handling 3 requests at once", "all requests answered"],
      ...EXPECTED,
    });
    expect(stdout[0]).toBe("[-] handling 3 requests at once");
    expect(stdout.at(-1)).toBe("[-] all requests answered");
  });
});
