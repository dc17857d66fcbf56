/** `asyncio.run` and `asyncio.Runner` with Python's keyword names (`loop_factory`). */
import {
  Runner as CoreRunner,
  run as coreRun,
  type EventLoop,
  type RunnerOptions,
} from "@asyncio/core";
import type { CoroutineLike } from "@asyncio/tasks";

/** Python's keyword arguments of `asyncio.run()` and `asyncio.Runner()`. */
export interface PythonRunnerOptions {
  debug?: boolean | null;
  loop_factory?: (() => EventLoop) | null;
}

function toRunnerOptions(options: PythonRunnerOptions | undefined): RunnerOptions {
  const adapted: RunnerOptions = {};
  if (options?.debug !== undefined && options.debug !== null) adapted.debug = options.debug;
  if (options?.loop_factory !== undefined && options.loop_factory !== null)
    adapted.loopFactory = options.loop_factory;
  return adapted;
}

/** `asyncio.run(main, debug=..., loop_factory=...)`. */
export function run<T>(main: CoroutineLike<T>, options?: PythonRunnerOptions): Promise<T> {
  return coreRun(main, toRunnerOptions(options));
}

/** `asyncio.Runner(debug=..., loop_factory=...)`. */
export class Runner extends CoreRunner {
  constructor(options?: PythonRunnerOptions) {
    super(toRunnerOptions(options));
  }

  /** Python name of `getLoop`. */
  get_loop(): EventLoop {
    return this.getLoop();
  }
}
