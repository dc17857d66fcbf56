// What a pending task is made of: creates N tasks blocked in one kind of wait (through
// @asyncio/compat, as the compat-memory-* rows do), takes a V8 heap snapshot before and after,
// and prints the objects that appeared, per task, grouped by what V8 calls them.
//
//   node pending-task-bytes.mjs <wait> [--tasks N]      wait: event | queue | sleep | future | lock
//
// Objects are counted by their own (shallow) size; "per task" divides by N, so a shared object
// shows as a fraction. Run it from this folder, with the Node to look at.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeHeapSnapshot } from "node:v8";
import * as asyncio from "@asyncio/compat";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { tasks: { type: "string", default: "2000" } },
});
const kind = positionals[0];
const N = Number(values.tasks);
const SHARED_SIZE = 64 * 1024;

/** For each kind of wait: what to wait on, the coroutine function, and how to end the waits. */
const waits = {
  event: () => {
    const event = new asyncio.Event();
    return [asyncio.coroutine(async () => event.wait()), () => event.set()];
  },
  queue: () => {
    const queue = new asyncio.Queue();
    return [
      asyncio.coroutine(async () => queue.get()),
      () => {
        for (let i = 0; i < N; i++) queue.put_nowait(i);
      },
    ];
  },
  sleep: () => [
    asyncio.coroutine(async () => asyncio.sleep(10)),
    (tasks) => {
      for (const task of tasks) task.cancel();
    },
  ],
  future: () => {
    const gate = asyncio.get_running_loop().create_future();
    return [asyncio.coroutine(async () => gate), () => gate.set_result(undefined)];
  },
  lock: () => {
    const lock = new asyncio.Lock();
    lock._locked = true;
    return [
      asyncio.coroutine(async () => asyncio.async_with(lock, async () => {})),
      () => lock.release(),
    ];
  },
};
if (!(kind in waits) || !Number.isInteger(N) || N < 1) {
  process.stderr.write(
    `usage: node pending-task-bytes.mjs <${Object.keys(waits).join(" | ")}> [--tasks N]\n`,
  );
  process.exit(2);
}

/** Every node of a snapshot as { id, type, name, size }. */
function readSnapshot(path) {
  const snapshot = JSON.parse(readFileSync(path, "utf8"));
  rmSync(path);
  const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
  const width = fields.length;
  const at = (field) => fields.indexOf(field);
  const [typeAt, nameAt, idAt, sizeAt] = ["type", "name", "id", "self_size"].map(at);
  const nodes = [];
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    nodes.push({
      id: snapshot.nodes[i + idAt],
      type: types[0][snapshot.nodes[i + typeAt]],
      name: snapshot.strings[snapshot.nodes[i + nameAt]],
      size: snapshot.nodes[i + sizeAt],
    });
  }
  return nodes;
}

function snapshot(label) {
  return readSnapshot(
    writeHeapSnapshot(join(tmpdir(), `pending-${process.pid}-${label}.heapsnapshot`)),
  );
}

await asyncio.run(
  asyncio.coroutine(async () => {
    const [waiter, release] = waits[kind]();
    const tasks = new Array(N);
    await asyncio.sleep(0);
    const before = new Set(snapshot("before").map((node) => node.id));
    for (let i = 0; i < N; i++) tasks[i] = asyncio.create_task(waiter());
    await asyncio.sleep(0); // every task takes its first step and blocks
    const grown = snapshot("after").filter((node) => !before.has(node.id));
    release(tasks);
    await asyncio.gather(...tasks, { return_exceptions: true });

    const groups = new Map();
    const shared = [];
    for (const { type, name, size } of grown) {
      // One big object is a buffer the run grew (a queue's storage), not a part of each task.
      if (size >= SHARED_SIZE) {
        shared.push(`${type} ${name || "(unnamed)"}: ${size} bytes`);
        continue;
      }
      const key = `${type} ${name}`;
      const group = groups.get(key) ?? { count: 0, size: 0 };
      group.count++;
      group.size += size;
      groups.set(key, group);
    }
    const rows = [...groups].sort((a, b) => b[1].size - a[1].size);
    const total = rows.reduce((sum, [, g]) => sum + g.size, 0);
    process.stdout.write(
      `${kind}: ${(total / N).toFixed(0)} bytes per pending task (${N} tasks)\n`,
    );
    for (const line of shared)
      process.stdout.write(`  not counted, one object for all tasks: ${line}\n`);
    for (const [key, g] of rows) {
      if (g.size / N < 4) continue;
      const per = (g.count / N).toFixed(2).padStart(6);
      process.stdout.write(`${(g.size / N).toFixed(0).padStart(6)} B  ${per} ×  ${key}\n`);
    }
  })(),
);
