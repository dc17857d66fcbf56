/**
 * The task factories of `@asyncio/tasks` on `EventLoop` run the task factory suite of
 * `@asyncio/testkit`: the eager factory (Python 3.12's), an eager factory of a Task subclass, and
 * a plain factory of a Task subclass, as a plugin's factory would be.
 */
import { EventLoop, type TaskFactory, VirtualClock } from "@asyncio/core";
import { createEagerTaskFactory, eagerTaskFactory, Task } from "@asyncio/tasks";
import { describeTaskFactory } from "@asyncio/testkit";

/** A Task subclass, as a plugin's tracing or instrumented tasks would be. */
class TracedTask<T> extends Task<T> {}

const loop = (): EventLoop => new EventLoop({ clock: new VirtualClock() });

describeTaskFactory(eagerTaskFactory, { name: "eagerTaskFactory", loop, eager: true });

describeTaskFactory(createEagerTaskFactory(TracedTask), {
  name: "createEagerTaskFactory(TracedTask)",
  loop,
  eager: true,
});

const traced: TaskFactory = (l, coro, options) => new TracedTask(coro, { ...options, loop: l });
describeTaskFactory(traced, { name: "a factory of TracedTask", loop });
