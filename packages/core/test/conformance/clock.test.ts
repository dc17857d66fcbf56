/**
 * The clocks of `@asyncio/core` run the clock suite of `@asyncio/testkit`, as a plugin's clock
 * would: the system clock (real time) and `VirtualClock` (time that jumps to the next timer).
 */
import { EventLoop, systemClock, VirtualClock } from "@asyncio/core";
import { describeClock } from "@asyncio/testkit";

describeClock(() => systemClock, {
  name: "systemClock",
  loop: (clock) => new EventLoop({ clock }),
});

describeClock(() => new VirtualClock(), {
  name: "VirtualClock",
  virtual: true,
  loop: (clock) => new EventLoop({ clock }),
});
