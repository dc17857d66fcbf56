/**
 * A concurrent web crawler. It starts a small site on a local port (./site.ts), then visits
 * every page it can reach from the root:
 *
 * - a `Queue` holds the pages found but not visited yet, and `join()` tells when all are done;
 * - one task per page, in a task group; a `Semaphore` lets only three of them fetch at a time;
 * - each request runs under `timeout()`: two pages never answer, and their requests are given
 *   up after two seconds;
 * - `fetch` gets the task's `AbortSignal` (`currentSignal()`), so the timeout's cancellation
 *   aborts the HTTP request itself: the site reports both requests as abandoned.
 *
 * Run it with `node examples/dist/crawler/main.js`.
 */
import { run } from "@asyncio/core";
import { isTimeoutError } from "@asyncio/futures";
import { Semaphore } from "@asyncio/locks";
import { isQueueShutDown, Queue } from "@asyncio/queues";
import { currentSignal, taskGroup, timeout } from "@asyncio/tasks";
import { startSite } from "./site.js";

const MAX_REQUESTS_AT_ONCE = 3;
const REQUEST_TIMEOUT = 2; // seconds, as everywhere in asyncio

/** What visiting a page gave. */
type Outcome =
  | { readonly kind: "page"; readonly links: number }
  | { readonly kind: "http error"; readonly status: number }
  | { readonly kind: "timed out" };

/** Fetches one page. Cancelling the task that runs this aborts the request. */
async function fetchPage(url: URL): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: currentSignal() });
  return { status: response.status, body: await response.text() };
}

/** The links of an HTML page (good enough for the pages of this example). */
function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] as string);
}

/** Visits every page reachable from `root` on the same site; returns what each visit gave. */
async function crawl(root: URL): Promise<{ outcomes: Map<string, Outcome>; external: number }> {
  const outcomes = new Map<string, Outcome>();
  const found = new Set<string>();
  const toVisit = new Queue<string>();
  const requestSlots = new Semaphore(MAX_REQUESTS_AT_ONCE);
  let external = 0;

  function discover(href: string): void {
    const url = new URL(href, root);
    if (url.origin !== root.origin) {
      external++;
      return;
    }
    if (found.has(url.pathname)) return;
    found.add(url.pathname);
    toVisit.putNowait(url.pathname);
  }

  async function visit(path: string): Promise<void> {
    try {
      await using _slot = await requestSlots.hold(); // released when this block ends
      const { status, body } = await timeout(REQUEST_TIMEOUT, () => fetchPage(new URL(path, root)));
      if (status !== 200) {
        outcomes.set(path, { kind: "http error", status });
        return;
      }
      const links = linksOf(body);
      outcomes.set(path, { kind: "page", links: links.length });
      for (const href of links) discover(href);
    } catch (error) {
      // Only our own timeout is expected; anything else (a cancellation included) goes on.
      if (!isTimeoutError(error)) throw error;
      outcomes.set(path, { kind: "timed out" });
    } finally {
      toVisit.taskDone();
    }
  }

  discover(root.href);
  await taskGroup(async (group) => {
    // The dispatcher: a task per page found, until the queue is shut down.
    group.createTask(async () => {
      for (;;) {
        let path: string;
        try {
          path = await toVisit.get();
        } catch (error) {
          if (isQueueShutDown(error)) return;
          throw error;
        }
        group.createTask(() => visit(path), { name: `visit ${path}` });
      }
    });
    await toVisit.join(); // every page found so far has been visited, and found nothing new
    toVisit.shutdown();
  });
  return { outcomes, external };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function printSummary(outcomes: Map<string, Outcome>, external: number): void {
  const paths = [...outcomes.keys()].sort();
  const pages = paths.filter((path) => outcomes.get(path)?.kind === "page");
  console.log(`Crawled ${plural(pages.length, "page")}:`);
  for (const path of pages) {
    const outcome = outcomes.get(path);
    if (outcome?.kind === "page")
      console.log(`  ${path.padEnd(16)} ${plural(outcome.links, "link")}`);
  }
  const timedOut = paths.filter((path) => outcomes.get(path)?.kind === "timed out");
  console.log(`Gave up after ${REQUEST_TIMEOUT} s on ${plural(timedOut.length, "page")}:`);
  for (const path of timedOut) console.log(`  ${path}`);
  const broken = paths.filter((path) => outcomes.get(path)?.kind === "http error");
  console.log(`Broken links: ${broken.length}`);
  for (const path of broken) {
    const outcome = outcomes.get(path);
    if (outcome?.kind === "http error") console.log(`  ${path} (HTTP ${outcome.status})`);
  }
  console.log(`Links to other sites, not followed: ${external}`);
}

await run(async () => {
  const site = await startSite();
  try {
    console.log(
      `Crawling a local site, ${MAX_REQUESTS_AT_ONCE} requests at a time, ${REQUEST_TIMEOUT} s per request.`,
    );
    const { outcomes, external } = await crawl(site.url);
    printSummary(outcomes, external);
    // The aborted requests' connections close a moment later; wait until the site saw them go.
    await site.settled();
    console.log(`The site saw the crawler abandon: ${site.abandoned.sort().join(", ")}`);
  } finally {
    await site.close();
  }
});
