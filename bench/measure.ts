/** Timing and memory helpers for the benchmark: medians, percentiles, GC, event-loop stalls. */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'perf_hooks';

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted samples (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The middle sample of sorted samples, or the mean of the two middle ones (of two runs, not the faster one). */
export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    median: median(sorted),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

export const now = (): number => performance.now();

/** Runs `fn` and returns its duration in milliseconds with its result. */
export function timed<T>(fn: () => T): [number, T] {
  const start = performance.now();
  const result = fn();
  return [performance.now() - start, result];
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

const gcFn = (globalThis as { gc?: () => void }).gc;

/** True when the process runs with `--expose-gc` (memory numbers are then after a full GC). */
export const canGc = typeof gcFn === 'function';

export function collect(): void {
  if (!gcFn) return;
  gcFn();
  gcFn();
}

export interface Memory {
  heapUsedMB: number;
  rssMB: number;
  externalMB: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Memory after a full GC (when available). */
export function memory(): Memory {
  collect();
  const m = process.memoryUsage();
  // `external` includes array buffers and strings kept outside the heap (large Latin-1 texts).
  return { heapUsedMB: mb(m.heapUsed), rssMB: mb(m.rss), externalMB: mb(m.external) };
}

/**
 * Watches the event loop while `work` runs and reports the longest stall: what an extension
 * host running the same work would see as its longest freeze (timer resolution ~1 ms).
 */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ ms: number; maxStallMs: number; result: T }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return { ms, maxStallMs: histogram.max / 1e6, result };
}

/** Rounds for display and JSON: 3 significant-ish digits. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Longest event-loop stall and GC pauses seen during one named phase of a pipeline. */
export interface PhaseStalls {
  maxStallMs: number;
  gcMaxMs: number;
  gcTotalMs: number;
  gcCount: number;
}

/**
 * Attributes event-loop stalls and GC pauses to the phase running when they end: a 1 ms timer
 * heartbeat measures each gap (a gap is time this thread could not run timers), and a GC
 * observer collects pause durations. `phase(name)` switches the label; `stop()` returns them.
 */
export function watchPhases(): { phase(name: string): void; stop(): Record<string, PhaseStalls> } {
  const out: Record<string, PhaseStalls> = {};
  let current = 'start';
  const at = (name: string): PhaseStalls => (out[name] ??= { maxStallMs: 0, gcMaxMs: 0, gcTotalMs: 0, gcCount: 0 });
  let last = performance.now();
  const measure = (): void => {
    const t = performance.now();
    const s = at(current);
    s.maxStallMs = Math.max(s.maxStallMs, t - last - 1);
    last = t;
  };
  const beat = (): void => {
    measure();
    timer = setTimeout(beat, 1);
  };
  let timer: NodeJS.Timeout = setTimeout(beat, 1);
  const starts: { name: string; at: number }[] = [{ name: current, at: 0 }];
  const phaseAt = (t: number): string => {
    let name = starts[0].name;
    for (const p of starts) if (p.at <= t) name = p.name;
    return name;
  };
  // GC entries arrive later, asynchronously: attribute each by its start time.
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const s = at(phaseAt(e.startTime));
      s.gcMaxMs = Math.max(s.gcMaxMs, e.duration);
      s.gcTotalMs += e.duration;
      s.gcCount++;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  return {
    phase(name: string): void {
      clearTimeout(timer);
      measure(); // close the gap in the previous phase
      current = name;
      last = performance.now();
      starts.push({ name, at: last });
      timer = setTimeout(beat, 1);
    },
    stop(): Record<string, PhaseStalls> {
      clearTimeout(timer);
      measure();
      gc.disconnect();
      for (const s of Object.values(out)) for (const k of Object.keys(s) as (keyof PhaseStalls)[]) s[k] = round(s[k]);
      return out;
    },
  };
}
