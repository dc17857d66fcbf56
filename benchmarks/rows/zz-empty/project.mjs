import { run } from "@asyncio/core";
import { sleep } from "@asyncio/tasks";

await run(async () => {
  await sleep(0);
});
console.log(JSON.stringify({ ops: 1, seconds: 1 }));
