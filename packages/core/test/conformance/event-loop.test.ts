/**
 * `EventLoop` runs the event loop suite of `@asyncio/testkit`, the same suite a plugin's loop
 * runs: once on a `VirtualClock` (time asserted exactly) and once on the system clock (real
 * timers, asserted never to fire early).
 */
import { EventLoop, VirtualClock } from "@asyncio/core";
import { describeEventLoop } from "@asyncio/testkit";

describeEventLoop(() => new EventLoop({ clock: new VirtualClock() }), {
  name: "EventLoop on a VirtualClock",
  time: "virtual",
});

describeEventLoop(() => new EventLoop(), { name: "EventLoop on the system clock" });
