export interface Poller {
  /** Stops the timer and waits for a run in progress to end. */
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs`, one run at a time (a tick while a run is still going is
 * skipped), without keeping the process alive. A failed run is reported to `onError` and the
 * next tick tries again — for read models that keep answering from memory meanwhile.
 */
export function pollEvery(
  intervalMs: number,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): Poller {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    running ??= work()
      .catch(onError)
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
