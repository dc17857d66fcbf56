/**
 * The small web site the crawler runs against, served by Node's own `http` module on a free local
 * port, so that the example needs no network. Most pages answer after a short delay; two pages
 * never answer in time (one in a minute, one never), and one link is broken (404). The site
 * records every request the client gave up on, which shows that a timed-out `fetch` really was
 * aborted rather than left running.
 */
import { once } from "node:events";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Event } from "@asyncio/locks";

/** How long an ordinary page takes to answer, in milliseconds (a real site has latency). */
const PAGE_DELAY_MS = 20;
/** How long `/slow-report` takes: far longer than any client will wait. */
const SLOW_PAGE_DELAY_MS = 60_000;
const NOT_FOUND = "<!doctype html><title>Not found</title>";

/** Every page of the site and the pages it links to. */
const PAGES: ReadonlyMap<string, readonly string[]> = new Map([
  ["/", ["/docs", "/blog", "/about", "/slow-report"]],
  ["/docs", ["/docs/intro", "/docs/tasks", "/docs/streams", "/"]],
  ["/docs/intro", ["/docs/tasks", "/docs"]],
  ["/docs/tasks", ["/docs/streams", "/docs/timeouts", "/stuck"]],
  ["/docs/streams", ["/docs", "/docs/missing"]],
  ["/docs/timeouts", ["/docs/tasks"]],
  ["/blog", ["/blog/1", "/blog/2", "/blog/3", "/"]],
  ["/blog/1", ["/blog", "/blog/2"]],
  ["/blog/2", ["/blog", "/blog/3", "/docs/tasks"]],
  ["/blog/3", ["/blog", "/stuck"]],
  ["/about", ["/", "https://example.org/elsewhere"]],
]);

/** The running site: its address, and what it saw. */
export interface Site {
  /** The site's root URL, such as `http://127.0.0.1:40123/`. */
  readonly url: URL;
  /** The paths of the requests whose client went away before they were answered. */
  readonly abandoned: string[];
  /** Waits until no request is left unanswered and still connected. */
  settled(): Promise<void>;
  /** Stops the server and closes every connection. */
  close(): Promise<void>;
}

function page(path: string, links: readonly string[]): string {
  const items = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join("");
  return `<!doctype html><title>${path}</title><ul>${items}</ul>`;
}

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/html" });
  response.end(body);
}

/** Starts the site on a free port of 127.0.0.1. Call it inside the event loop. */
export async function startSite(): Promise<Site> {
  const abandoned: string[] = [];
  let unanswered = 0;
  // Set whenever no request is pending: the crawler's summary waits for it, so that the site
  // has seen the connections of the aborted requests close before the summary is printed.
  const noneUnanswered = new Event();
  noneUnanswered.set();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://site").pathname;
    unanswered++;
    noneUnanswered.clear();
    const timers: NodeJS.Timeout[] = [];
    response.on("close", () => {
      for (const timer of timers) clearTimeout(timer);
      if (!response.writableFinished) abandoned.push(path);
      if (--unanswered === 0) noneUnanswered.set();
    });
    if (path === "/stuck") return; // never answers
    const links = PAGES.get(path);
    const delay = path === "/slow-report" ? SLOW_PAGE_DELAY_MS : PAGE_DELAY_MS;
    timers.push(
      setTimeout(() => {
        if (links === undefined && path !== "/slow-report") answer(response, 404, NOT_FOUND);
        else answer(response, 200, page(path, links ?? []));
      }, delay),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;

  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    abandoned,
    settled: async () => {
      await noneUnanswered.wait();
    },
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
