/** A short tour of the asyncio port; each step prints what happens and when. */
import { asyncio, run } from "@asyncio/all";
import { log } from "./log.js";
import { cancellation } from "./steps/cancellation.js";
import { errors } from "./steps/errors.js";
import { helloWorld } from "./steps/hello-world.js";

log("1. Hello, World — Python's first asyncio example, via @asyncio/compat");
await asyncio.run(helloWorld());

log("2. Cancelling a task while it sleeps");
await run(cancellation());

log("3. An error raised in a task, handled by its awaiter");
await run(errors());

log("Done.");
