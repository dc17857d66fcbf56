/** A short tour of the asyncio port; each step prints what happens and when. */
import { asyncio, KeyboardInterrupt, run } from "@asyncio/all";
import { log } from "./log.js";
import { cancellation } from "./steps/cancellation.js";
import { cluster } from "./steps/cluster.js";
import { errors } from "./steps/errors.js";
import { helloWorld } from "./steps/hello-world.js";
import { network } from "./steps/network.js";
import { pipeline } from "./steps/pipeline.js";
import { threads } from "./steps/threads.js";
import { summary } from "./summary.js";

log("1. Hello, World — Python's first asyncio example, via @asyncio/compat");
await asyncio.run(helloWorld());

log("2. Cancelling a task while it sleeps");
await run(cancellation());

log("3. An error raised in a task, handled by its awaiter");
await run(errors());

log("4. A pipeline: a bounded queue, a task group, a semaphore and a timeout");
await run(pipeline());

log("5. Hashing 512 MB in worker threads while the loop keeps ticking; then cancelling a job");
const threadsOutcome = await run(threads());

log("6. A key-value server, two clients and a child process, in one run()");
try {
  await run(network());
} catch (error) {
  // Ctrl-C: run() cancelled the step (its server closed, its child was killed), then said so.
  if (!(error instanceof KeyboardInterrupt)) throw error;
  log("Interrupted: everything was shut down cleanly.");
  process.exit(130);
}

log(
  "7. The same hashing job on worker threads, then on two cluster worker processes (BullMQ on Redis)",
);
const clusterOutcome = await run(cluster());

for (const line of summary(threadsOutcome, clusterOutcome)) log(line);
