// The two Node modules the tests' garbage-collection helper imports (packages/futures/test/
// support/garbage.ts), as a page has them: Chromium starts with --js-flags=--expose-gc, so `gc`
// is already a global, and there are no flags to set at run time.
export function setFlagsFromString() {}

export function runInNewContext(code) {
  if (code === "gc" && typeof globalThis.gc === "function") return globalThis.gc;
  throw new Error(`runInNewContext(${JSON.stringify(code)}) has no page equivalent`);
}
