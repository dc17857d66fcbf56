// Two async functions take turns with `await null`, 100,000 times each.
import { now, reportOps } from "../../lib/report.mjs";

const PER_TASK = 100_000;

async function player() {
  for (let i = 0; i < PER_TASK; i++) await null;
}

const started = now();
const ping = player();
const pong = player();
await ping;
await pong;
reportOps(2 * PER_TASK, now() - started);
