/**
 * Gates: how the executor suite controls the order of events between a test and a call running
 * in a worker thread or another process on the same machine. A gate is a directory; the call
 * writes `started` (and `finished`, `ran`, `aborted`) into it and waits for the test to write
 * `release`. Waiting for one of those files is waiting for an event, never for time to pass.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const POLL_MS = 2;

export class Gate {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
    mkdirSync(path);
  }

  /** Whether the call wrote `name` (`started`, `finished`, `ran`, `aborted`). */
  has(name: "started" | "finished" | "ran" | "aborted"): boolean {
    return existsSync(join(this.path, name));
  }

  /** Resolves once the call wrote `name`. */
  async reached(name: "started" | "finished" | "aborted"): Promise<void> {
    while (!this.has(name)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  /** Lets the call go on. */
  release(): void {
    if (!existsSync(join(this.path, "release"))) writeFileSync(join(this.path, "release"), "");
  }
}

/** The gates of one suite, in a temporary directory; `releaseAll` frees whatever still waits. */
export class Gates {
  private root: string | null = null;
  private count = 0;
  private open: Gate[] = [];

  /** A new gate. */
  make(): Gate {
    this.root ??= mkdtempSync(join(tmpdir(), "asyncio-testkit-"));
    const gate = new Gate(join(this.root, `gate-${this.count++}`));
    this.open.push(gate);
    return gate;
  }

  /** Releases every gate made so far, so that no call of a finished test stays blocked. */
  releaseAll(): void {
    for (const gate of this.open.splice(0)) gate.release();
  }

  /** Removes the directory (after the suite). */
  remove(): void {
    if (this.root !== null) rmSync(this.root, { recursive: true, force: true });
    this.root = null;
  }
}
