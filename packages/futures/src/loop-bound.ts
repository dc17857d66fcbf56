/**
 * Binding to one event loop, as CPython's `mixins._LoopBoundMixin`: a primitive can be created
 * anywhere, adopts the running loop the first time it has to wait, and refuses any other loop
 * afterwards (its waiter Futures would belong to two loops).
 */
import { RuntimeError } from "./errors.js";
import type { EventLoopContract } from "./event-loop-contract.js";
import { getRunningLoop } from "./running-loop.js";

/**
 * The base of the locks and queues, as Python's `mixins._LoopBoundMixin`: the object adopts the
 * running loop the first time it has to wait, and throws `RuntimeError` if used on another loop.
 */
export abstract class LoopBound {
  /** The loop adopted on first blocking use. @internal */
  _loop: EventLoopContract | null = null;

  /** The running loop, once checked against the bound one. @internal */
  _getLoop(): EventLoopContract {
    const loop = getRunningLoop();
    if (this._loop === null) this._loop = loop;
    else if (this._loop !== loop) {
      throw new RuntimeError(`${this.toString()} is bound to a different event loop`);
    }
    return loop;
  }
}
