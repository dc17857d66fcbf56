/**
 * The crawler example: every reachable page is visited once, the two pages that never answer in
 * time are given up, and their `fetch` requests were really aborted (the site saw the client
 * go away). Which page finishes first varies; the summary is sorted, so the output doesn't.
 */
import { describe, expect, it } from "vitest";
import { runExample } from "./support/example-process.js";

describe("examples/crawler", () => {
  it("visits the site three requests at a time, times out two pages and aborts their requests", async () => {
    const { code, signal, stdout, stderr } = await runExample("crawler/main.js");
    expect(stderr).toBe("");
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout).toEqual([
      "Crawling a local site, 3 requests at a time, 2 s per request.",
      "Crawled 11 pages:",
      "  /                4 links",
      "  /about           2 links",
      "  /blog            4 links",
      "  /blog/1          2 links",
      "  /blog/2          3 links",
      "  /blog/3          2 links",
      "  /docs            4 links",
      "  /docs/intro      2 links",
      "  /docs/streams    2 links",
      "  /docs/tasks      3 links",
      "  /docs/timeouts   1 link",
      "Gave up after 2 s on 2 pages:",
      "  /slow-report",
      "  /stuck",
      "Broken links: 1",
      "  /docs/missing (HTTP 404)",
      "Links to other sites, not followed: 1",
      "The site saw the crawler abandon: /slow-report, /stuck",
    ]);
  });
});
