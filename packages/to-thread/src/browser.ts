/**
 * What `@asyncio/to-thread` is in a browser (its `browser` export condition): it needs Node's worker_threads module,
 * which a page doesn't have, so importing it fails at once with the reason instead of somewhere
 * deep in a bundle. The scheduling packages (`@asyncio/core`, `@asyncio/compat/scheduling`, ...)
 * work in a page.
 */
throw new Error(
  "@asyncio/to-thread needs Node's worker_threads module and can't run in a browser; the scheduling packages (@asyncio/core, @asyncio/compat/scheduling, ...) can",
);

export {};
