// Promise.all of 1,000,000 async functions, awaited once.
import { now, reportOps } from "../../lib/report.mjs";

const N = 1_000_000;

async function child(i) {
  return i;
}

const started = now();
const jobs = [];
for (let i = 0; i < N; i++) jobs.push(child(i));
const results = await Promise.all(jobs);
let sum = 0;
for (const value of results) sum += value;
if (sum !== (N * (N - 1)) / 2) throw new Error(`wrong sum ${sum}`);
reportOps(N, now() - started);
