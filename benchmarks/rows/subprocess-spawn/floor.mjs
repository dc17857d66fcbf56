// 8 workers spawn `true` with child_process and wait for its exit, until 200 have run.
import { spawn } from "node:child_process";
import { now, reportOps } from "../../lib/report.mjs";

const TOTAL = 200;
const PARALLEL = 8;

let started = 0;
async function worker() {
  while (started < TOTAL) {
    started++;
    const code = await new Promise((resolve, reject) => {
      const child = spawn("true", [], { stdio: "ignore" });
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) throw new Error("true failed");
  }
}

const begin = now();
await Promise.all(Array.from({ length: PARALLEL }, worker));
reportOps(TOTAL, now() - begin);
