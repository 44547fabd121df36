/** Long computations written as generators that `yield` now and then, run in one go or in time slices. */

/** A computation that yields whenever it may be paused, and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/**
 * Steps that may also have to wait for something (bytes still being read): they yield a promise
 * then, and go on once it resolves. Run them with {@link runSliced}; {@link runToEnd} only when
 * nothing is awaited.
 */
export type WaitingSteps<T> = Generator<void | Promise<void>, T, void>;

/** Lets timers and I/O run (a `setImmediate` turn): the pause between slices on a UI thread. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs every step at once; throws if a step would have to wait. */
export function runToEnd<T>(steps: WaitingSteps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (next.value) throw new Error('runToEnd: a step waits for something; use runSliced');
  }
}

/**
 * How long a slice runs before it pauses. A garbage collection landing in a slice adds to it
 * (scavenges of 10–40 ms with 100k papers): 4 ms slices left a 100k warm start's longest stall
 * at 15–18 ms where 8 ms slices left 23–50 ms, in the same total time.
 */
const SLICE_MS = 4;

/**
 * Runs the steps in slices of about `sliceMs` (default {@link SLICE_MS}), awaiting `pause()` (e.g.
 * `setImmediate`) between slices and any promise a step yields, so the thread stays responsive
 * (the library worker answers questions between slices).
 */
export async function runSliced<T>(steps: WaitingSteps<T>, pause: () => Promise<void>, sliceMs = SLICE_MS): Promise<T> {
  let sliceStart = Date.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    // The slice goes on after a wait: a promise resolved already returns here at once.
    if (next.value) await next.value;
    if (Date.now() - sliceStart < sliceMs) continue;
    await pause();
    sliceStart = Date.now();
  }
}

/**
 * Runs `task(0)` … `task(n - 1)` in `lanes` concurrent loops, so that up to `lanes` tasks are in
 * flight; each loop awaits `pause()` after a task and takes no new one once `stop()` is true.
 */
export async function runInLanes(lanes: number, n: number, task: (i: number) => Promise<void>, pause: () => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let taken = 0;
  const lane = async (): Promise<void> => {
    for (let i = taken++; i < n && !stop(); i = taken++) {
      await task(i);
      await pause();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** How many items a loop handles between two yields. */
export const STEP = 512;
