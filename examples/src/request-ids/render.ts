/**
 * Work done on a worker thread for a request. The worker imports this module, and with it
 * ./request-log.ts, so the request id set by the handler that called `toThread` is visible here.
 */
import { requestId } from "./request-log.js";

/** Renders a page (here, a line of text) and says which request it was rendered for. */
export function renderPage(path: string, theme: string): string {
  return `<h1>${path}</h1> (${theme} theme) rendered for ${requestId.get()}`;
}
