/**
 * The event loop suite on the second implementation of the loop contract: the contract loop the
 * Future and Task tests run on (`packages/futures/test/support/contract-loop.ts`), and its
 * task-aware subclass. Its time is virtual: it jumps to the next timer instead of waiting.
 */
import { describeEventLoop } from "@asyncio/testkit";
import { ContractLoop } from "../../futures/test/support/contract-loop.js";
import { TaskLoop } from "../../tasks/test/support/task-loop.js";

describeEventLoop(() => new ContractLoop(), {
  name: "ContractLoop",
  time: "virtual",
  exceptionReports: (loop) => loop.reported,
});

describeEventLoop(() => new TaskLoop(), {
  name: "TaskLoop (createTask on the loop)",
  time: "virtual",
  exceptionReports: (loop) => loop.reported,
});
