/**
 * The subprocess example: the lines of a two-process pipeline arrive in order, and the job that
 * goes silent is killed after its two lines of output (exit status -9, SIGKILL).
 */
import { describe, expect, it } from "vitest";
import { runExample } from "./support/example-process.js";

describe("examples/subprocess-pipeline", () => {
  it("streams a pipeline line by line and kills the job that stops talking", async () => {
    const { code, signal, stdout, stderr } = await runExample("subprocess-pipeline/main.js");
    expect(stderr).toBe("");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout).toEqual([
      "log writer | grep ERROR:",
      "  request 3: ERROR upstream timed out",
      "  request 7: ERROR upstream timed out",
      "  8 lines passed on; exit statuses: 0 | 0",
      "a job given 1 s for each line of output:",
      "  job: step 1 of 3 done",
      "  job: step 2 of 3 done",
      "  silent for 1 s: killing it",
      "  exit status: -9 (SIGKILL)",
    ]);
  });
});
