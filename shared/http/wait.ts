/** Waiting helpers of the HTTP classes, which run on the page and in the worker alike. */

/** A promise resolved after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let yieldChannel: MessageChannel | undefined;
const yielders: (() => void)[] = [];

/**
 * Let the event loop run once (the network's tasks too): a MessageChannel message, as
 * `setTimeout(0)` is clamped to ~4 ms.
 */
export function yieldTask(): Promise<void> {
  if (!yieldChannel) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => yielders.shift()?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    yielders.push(resolve);
    channel.port2.postMessage(0);
  });
}

