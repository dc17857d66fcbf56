/**
 * What `@asyncio/subprocess` is in a browser (its `browser` export condition): it needs Node's child_process module,
 * which a page doesn't have, so importing it fails at once with the reason instead of somewhere
 * deep in a bundle. The scheduling packages (`@asyncio/core`, `@asyncio/compat/scheduling`, ...)
 * work in a page.
 */
throw new Error(
  "@asyncio/subprocess needs Node's child_process module and can't run in a browser; the scheduling packages (@asyncio/core, @asyncio/compat/scheduling, ...) can",
);

export {};
