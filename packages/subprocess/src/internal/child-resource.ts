/**
 * A child process as something its loop owns. When the loop closes (`run()` returning), it does
 * what CPython's subprocess transport `close()` does: it closes the child's pipes and, if the
 * child still runs, kills it (with a warning in debug mode). A child left behind by a program
 * therefore never keeps Node's process alive once `run()` has returned.
 */
import type { ChildProcess } from "node:child_process";
import type { EventLoopContract } from "@asyncio/futures";
import type { LoopResource } from "@asyncio/futures/contract";

export class ChildResource implements LoopResource {
  private readonly loop: EventLoopContract;
  private readonly child: ChildProcess;
  private released = false;

  constructor(loop: EventLoopContract, child: ChildProcess) {
    this.loop = loop;
    this.child = child;
    loop._addResource(this);
  }

  /** The child has exited and its pipes are closed: the loop has nothing left to close. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.loop._removeResource(this);
  }

  /** Whether the child still runs, as far as Node has seen. */
  isRunning(): boolean {
    const child = this.child;
    return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  }

  _closeWithLoop(): void {
    this.released = true;
    const child = this.child;
    for (const pipe of [child.stdin, child.stdout, child.stderr]) pipe?.destroy();
    if (this.isRunning()) {
      if (this.loop.getDebug()) {
        console.warn(`asyncio: Close running child process: kill <Process ${child.pid}>`);
      }
      try {
        child.kill("SIGKILL");
      } catch {
        // The child may be gone already, or belong to another user (setuid): nothing to do.
      }
    }
    // Node reaps the killed child in the background; that must not hold the process open.
    child.unref();
  }
}
