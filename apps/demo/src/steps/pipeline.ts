/**
 * A small order pipeline: producers and consumers share a bounded queue inside a TaskGroup, a
 * semaphore lets only two orders at a time use the (pretend) payment service, and a timeout
 * cancels the one order whose payment hangs. Nothing is left running when the group ends.
 */
import type { Coroutine } from "@asyncio/all";
import {
  coroutine,
  isQueueShutDown,
  isTimeoutError,
  Queue,
  Semaphore,
  sleep,
  taskGroup,
  timeout,
} from "@asyncio/all";
import { log } from "../log.js";

interface Order {
  id: number;
  /** How long the payment service takes for this order, in seconds. */
  paymentTime: number;
}

const paymentSlots = new Semaphore(2);

const pay = coroutine(async (order: Order) => {
  await using _slot = await paymentSlots.hold();
  log(`  payment for order ${order.id} started`);
  await sleep(order.paymentTime);
});

const producer = coroutine(async (name: string, queue: Queue<Order>, orders: Order[]) => {
  for (const order of orders) {
    await queue.put(order); // waits while the queue is full: backpressure
    log(`${name} queued order ${order.id} (queue size ${queue.qsize()})`);
  }
});

const consumer = coroutine(async (name: string, queue: Queue<Order>) => {
  for (;;) {
    let order: Order;
    try {
      order = await queue.get();
    } catch (error) {
      if (isQueueShutDown(error)) return; // no more orders will come
      throw error;
    }
    try {
      await timeout(0.5, () => pay(order));
      log(`${name} completed order ${order.id}`);
    } catch (error) {
      if (!isTimeoutError(error)) throw error;
      log(`${name} gave up on order ${order.id}: payment took longer than 0.5 s (cancelled)`);
    } finally {
      queue.taskDone();
    }
  }
});

export const pipeline: () => Coroutine<void> = coroutine(async () => {
  const queue = new Queue<Order>(2);
  const orders = (first: number): Order[] =>
    [0, 1, 2].map((i) => ({ id: first + i, paymentTime: first + i === 4 ? 5 : 0.2 }));
  await taskGroup(async (tg) => {
    const producers = [
      tg.createTask(producer("producer A", queue, orders(1))),
      tg.createTask(producer("producer B", queue, orders(4))),
    ];
    for (const name of ["consumer 1", "consumer 2", "consumer 3"])
      tg.createTask(consumer(name, queue));
    for (const task of producers) await task;
    await queue.join(); // every order handled, one way or the other
    log("all orders handled; shutting the queue down so the consumers return");
    queue.shutdown();
  });
  log(`the task group has ended: every producer and consumer finished`);
});
