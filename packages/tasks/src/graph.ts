/**
 * `@asyncio/tasks/graph`: what tools that look inside a running program build on — the recorder
 * of where tasks suspend and are made (on in debug mode), V8 stack frames read as call-graph
 * frames, and how a call graph writes a frame. The call graph itself (`captureCallGraph`,
 * `printCallGraph`, `takeTaskSnapshot`) is exported by the package's main entry, as Python's
 * `asyncio` exports it.
 */
export { formatFrame } from "./graph/call-graph.js";
export { graphIdOf, type LiveTaskGraphSnapshot } from "./graph/snapshot.js";
export {
  type CapturedStack,
  captureStack,
  displayFileName,
  framesOf,
  isLibraryFrame,
  isNodeInternal,
} from "./graph/stack-frames.js";
export {
  creationSite,
  foreignWaitSite,
  promiseSite,
  recordingSites,
  startRecordingSites,
  stopRecordingSites,
  suspensionSite,
  v8PromiseHooks,
} from "./graph/suspension-sites.js";
