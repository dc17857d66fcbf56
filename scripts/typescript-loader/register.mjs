// Lets a plain `node` process import the workspace's TypeScript sources, for tests that must run
// code in a child process of their own (process exit, signals):
//   node --conditions=@asyncio/source --import <this file> script.mjs
// The hooks run in the importing thread (`module.registerHooks`, Node 22.15+), which each worker
// thread does again when it runs the process's preloads. Bun and Deno import TypeScript by
// themselves and have no `registerHooks`: there this file does nothing.
import * as nodeModule from "node:module";
import { load, resolve } from "./hooks.mjs";

if (typeof nodeModule.registerHooks === "function") nodeModule.registerHooks({ resolve, load });
