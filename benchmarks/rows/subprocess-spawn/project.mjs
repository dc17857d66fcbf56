// 8 workers start `true` and wait for it, until 200 processes have run; ops are processes.
import { run } from "@asyncio/core";
import { createSubprocessExec } from "@asyncio/subprocess";
import { createTask } from "@asyncio/tasks";
import { now, reportOps } from "../../lib/report.mjs";

const TOTAL = 200;
const PARALLEL = 8;

await run(async () => {
  let started = 0;
  const worker = async () => {
    while (started < TOTAL) {
      started++;
      const proc = await createSubprocessExec("true");
      if ((await proc.wait()) !== 0) throw new Error("true failed");
    }
  };
  const begin = now();
  const workers = [];
  for (let i = 0; i < PARALLEL; i++) workers.push(createTask(worker));
  for (const w of workers) await w;
  reportOps(TOTAL, now() - begin);
});
