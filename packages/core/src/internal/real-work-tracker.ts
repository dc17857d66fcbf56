/**
 * The loop's count of real work in flight, which exists only on a loop whose clock observes it (a
 * virtual clock): the clock asks it whether anything holds time before it jumps, and is told when
 * held work ends, so it never has to poll.
 */
import type {
  RealWorkDescription,
  RealWorkHold,
  RealWorkRegistry,
} from "@asyncio/futures/contract";

class Hold implements RealWorkHold {
  readonly description: RealWorkDescription;
  readonly stillHolds: (() => boolean) | null;
  private tracker: RealWorkTracker | null;

  constructor(
    tracker: RealWorkTracker,
    description: RealWorkDescription,
    stillHolds: (() => boolean) | null,
  ) {
    this.tracker = tracker;
    this.description = description;
    this.stillHolds = stillHolds;
  }

  release(): void {
    const tracker = this.tracker;
    if (tracker === null) return;
    this.tracker = null;
    tracker._released(this);
  }

  holds(): boolean {
    return this.stillHolds === null || this.stillHolds();
  }

  describe(): string {
    const description = this.description;
    return typeof description === "string" ? description : description();
  }
}

export class RealWorkTracker implements RealWorkRegistry {
  private readonly holds = new Set<Hold>();
  /** Whom to tell when work ends (the clock). */
  private readonly changed: () => void;

  constructor(changed: () => void) {
    this.changed = changed;
  }

  hold(description: RealWorkDescription, stillHolds?: () => boolean): RealWorkHold {
    const hold = new Hold(this, description, stillHolds ?? null);
    this.holds.add(hold);
    return hold;
  }

  recheck(): void {
    this.changed();
  }

  /** @internal */
  _released(hold: Hold): void {
    if (this.holds.delete(hold)) this.changed();
  }

  isHeld(): boolean {
    for (const hold of this.holds) if (hold.holds()) return true;
    return false;
  }

  heldBy(): string[] {
    const held: string[] = [];
    for (const hold of this.holds) if (hold.holds()) held.push(hold.describe());
    return held;
  }
}
