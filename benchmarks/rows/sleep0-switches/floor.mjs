// One async function yields with `await null` (one microtask turn) 200,000 times.
import { now, reportOps } from "../../lib/report.mjs";

const N = 200_000;

const started = now();
for (let i = 0; i < N; i++) await null;
reportOps(N, now() - started);
