/**
 * Real work in flight, as the loop contract names it: a loop whose clock moves time itself (a
 * virtual clock in tests) must not jump over a thread call, a connection being made or a child
 * process being waited on. The code that starts such work registers it here, and a loop on real
 * time offers no registry at all, so that registering costs one branch there:
 * `loop._realWork?.hold(...)` evaluates nothing, not even the description, when it is absent.
 */

/** One piece of real work registered with `RealWorkRegistry.hold`. */
export interface RealWorkHold {
  /** The work ended: it holds time no longer. Calling it again does nothing. */
  release(): void;
}

/** A description of real work, or a function that makes one when somebody asks. */
export type RealWorkDescription = string | (() => string);

/** Where a loop on virtual time counts the real work in flight (`EventLoopContract._realWork`). */
export interface RealWorkRegistry {
  /**
   * Registers real work that holds virtual time until `release()` is called on the result. With
   * `stillHolds`, the work holds time only while that returns true: it is asked whenever the clock
   * considers a jump, and `recheck()` must be called when its answer may have changed.
   */
  hold(description: RealWorkDescription, stillHolds?: () => boolean): RealWorkHold;
  /** Something a `stillHolds` function depends on changed: the clock asks again. */
  recheck(): void;
}
