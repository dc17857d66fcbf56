export { InspectError, type InspectOptions, inspectProcess } from "./attach.js";
export { findAwaitCycles } from "./await-graph.js";
export { type DumpOnSignalOptions, dumpTasksOnSignal, formatTaskDump } from "./dump-on-signal.js";
export { formatTaskTable } from "./task-table.js";
export { AwaitCycleError, formatTaskTree } from "./task-tree.js";
