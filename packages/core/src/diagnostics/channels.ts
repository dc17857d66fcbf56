/**
 * The `node:diagnostics_channel` channels the library publishes on, for APM and OpenTelemetry
 * instrumentation: a task's life (created, each step, what it suspends on, cancelled, done), the
 * loop's iterations, and executor jobs (an executor package publishes those on
 * `executorChannels`). Subscribe by name with
 * `diagnostics_channel.subscribe(name, listener)`. Nothing is published — and nothing costs —
 * while a channel has no subscriber: the loop looks at the channels once per turn of Node's event
 * loop (`refreshPublishing`); while no task channel has a subscriber the tasks have no observer
 * to call, and while the iteration channel has none the scheduler publishes nothing.
 */

import { addTaskObserver, removeTaskObserver, type TaskObserver } from "@asyncio/tasks/contract";
import { publishingChannel } from "#diagnostics-channel";

/** The part of a `diagnostics_channel` Channel the library publishes through. */
export interface PublishingChannel {
  /** Whether anything listens: nothing is built or published while nothing does. */
  readonly hasSubscribers: boolean;
  /** Hands `message` to every subscriber. */
  publish(message: unknown): void;
}

/** The channels' names, and what each message holds. */
export const DIAGNOSTICS_CHANNELS: {
  /** `{ task }`: a Task was constructed. */
  readonly taskCreated: "asyncio:task:created";
  /** `{ task }`: a step of the task starts (its body starts, or an await resumes it). */
  readonly taskStepStart: "asyncio:task:step-start";
  /**
   * `{ task, awaiting }`: the step ended on an await of one of the library's awaitables;
   * `awaiting` is the Future (or Task) awaited, `null` for `sleep(0)`.
   */
  readonly taskSuspended: "asyncio:task:suspended";
  /** `{ task }`: the step ended without an await of the library's: it waits on a foreign Promise. */
  readonly taskBlocked: "asyncio:task:blocked-on-foreign";
  /** `{ task, message }`: `cancel(message)` was called on the pending task. */
  readonly taskCancel: "asyncio:task:cancel";
  /** `{ task }`: the task is done (`task.cancelled()`, `task.exception()` say how). */
  readonly taskDone: "asyncio:task:done";
  /** `{ loop, ready }`: an iteration of the loop starts, with `ready` handles to run. */
  readonly loopIteration: "asyncio:loop:iteration";
  /** `{ executor, job, name }`: a call was submitted to an executor (`job` numbers it there). */
  readonly executorSubmit: "asyncio:executor:submit";
  /** `{ executor, job, name }`: the call was handed to a worker. */
  readonly executorStart: "asyncio:executor:start";
  /**
   * `{ executor, job, name, cancelled, error }`: the call's future is done (`error` is
   * `undefined` on success and when cancelled).
   */
  readonly executorDone: "asyncio:executor:done";
} = {
  taskCreated: "asyncio:task:created",
  taskStepStart: "asyncio:task:step-start",
  taskSuspended: "asyncio:task:suspended",
  taskBlocked: "asyncio:task:blocked-on-foreign",
  taskCancel: "asyncio:task:cancel",
  taskDone: "asyncio:task:done",
  loopIteration: "asyncio:loop:iteration",
  executorSubmit: "asyncio:executor:submit",
  executorStart: "asyncio:executor:start",
  executorDone: "asyncio:executor:done",
};

/** The channel objects (Node hands out the same object for a name everywhere). */
const taskChannels: {
  readonly created: PublishingChannel;
  readonly stepStart: PublishingChannel;
  readonly suspended: PublishingChannel;
  readonly blocked: PublishingChannel;
  readonly cancel: PublishingChannel;
  readonly done: PublishingChannel;
} = {
  created: publishingChannel(DIAGNOSTICS_CHANNELS.taskCreated),
  stepStart: publishingChannel(DIAGNOSTICS_CHANNELS.taskStepStart),
  suspended: publishingChannel(DIAGNOSTICS_CHANNELS.taskSuspended),
  blocked: publishingChannel(DIAGNOSTICS_CHANNELS.taskBlocked),
  cancel: publishingChannel(DIAGNOSTICS_CHANNELS.taskCancel),
  done: publishingChannel(DIAGNOSTICS_CHANNELS.taskDone),
};

const loopIterationChannel: PublishingChannel = publishingChannel(
  DIAGNOSTICS_CHANNELS.loopIteration,
);

/**
 * For executors: publish a job's submission, start and end here (see `DIAGNOSTICS_CHANNELS`),
 * each only when its channel `hasSubscribers`.
 */
export const executorChannels: {
  readonly submit: PublishingChannel;
  readonly start: PublishingChannel;
  readonly done: PublishingChannel;
} = {
  submit: publishingChannel(DIAGNOSTICS_CHANNELS.executorSubmit),
  start: publishingChannel(DIAGNOSTICS_CHANNELS.executorStart),
  done: publishingChannel(DIAGNOSTICS_CHANNELS.executorDone),
};

const publisher: TaskObserver = {
  created(task) {
    if (taskChannels.created.hasSubscribers) taskChannels.created.publish({ task });
  },
  stepStarted(task) {
    if (taskChannels.stepStart.hasSubscribers) taskChannels.stepStart.publish({ task });
  },
  suspended(task, handle) {
    if (taskChannels.suspended.hasSubscribers) {
      taskChannels.suspended.publish({ task, awaiting: handle.future });
    }
  },
  blockedOnForeign(task) {
    if (taskChannels.blocked.hasSubscribers) taskChannels.blocked.publish({ task });
  },
  cancelRequested(task, message) {
    if (taskChannels.cancel.hasSubscribers) taskChannels.cancel.publish({ task, message });
  },
  detached() {},
  finished(task) {
    if (taskChannels.done.hasSubscribers) taskChannels.done.publish({ task });
  },
};

function anyTaskSubscriber(): boolean {
  return (
    taskChannels.created.hasSubscribers ||
    taskChannels.stepStart.hasSubscribers ||
    taskChannels.suspended.hasSubscribers ||
    taskChannels.blocked.hasSubscribers ||
    taskChannels.cancel.hasSubscribers ||
    taskChannels.done.hasSubscribers
  );
}

/** What is published now; read by the scheduler once per iteration. */
export const publishing: { iterations: boolean } = { iterations: false };

let publishingTasks = false;

/** Follows the channels' subscribers: called at the start of each turn of the loop. */
export function refreshPublishing(): void {
  const tasks = anyTaskSubscriber();
  if (tasks !== publishingTasks) {
    publishingTasks = tasks;
    if (tasks) addTaskObserver(publisher);
    else removeTaskObserver(publisher);
  }
  publishing.iterations = loopIterationChannel.hasSubscribers;
}

/** Publishes that an iteration of `loop` starts with `ready` handles. */
export function publishIteration(loop: object, ready: number): void {
  if (loopIterationChannel.hasSubscribers) loopIterationChannel.publish({ loop, ready });
}
