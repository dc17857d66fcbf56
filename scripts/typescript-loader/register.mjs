// Lets a plain `node` process import the workspace's TypeScript sources, for tests that must run
// code in a child process of their own (process exit, signals):
//   node --conditions=@asyncio/source --import <this file> script.mjs
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
