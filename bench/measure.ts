/**
 * How every benchmark compares targets, so that one run's figures can be trusted: targets take
 * turns (A B A B …, never all of A then all of B, so a slow minute of a shared machine falls on
 * both), each is warmed up the same way before anything is kept, each is measured at least five
 * times, and the figure reported is the median. Ratios are given two ways: of the medians, and
 * the median of the round-by-round ratios (each round's A against the B measured next to it).
 */

export interface Target<K extends string = string> {
  name: K;
  /**
   * One measurement: does the work and returns its figure (µs per record, requests per
   * second, …; the caller says which, and whether higher is better).
   */
  run(): number | Promise<number>;
}

export interface MeasureOptions {
  /** Measured rounds; at least 5 (fewer are raised to 5). */
  runs: number;
  /** Unmeasured rounds first, interleaved the same way, for the JIT and the database's cache. */
  warmup: number;
}

export interface Measured {
  name: string;
  /** Every measured figure, in round order. */
  samples: number[];
  median: number;
  min: number;
  max: number;
}

export const MIN_RUNS = 5;

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p from 0 to 100) of the values, in any order. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/**
 * Runs the targets in turn, `warmup` unmeasured rounds then `runs` measured ones; the order
 * within a round rotates, so no target is always first after a pause.
 */
export async function interleave<K extends string>(targets: readonly Target<K>[], options: MeasureOptions): Promise<Record<K, Measured>> {
  const runs = Math.max(MIN_RUNS, options.runs);
  const samples = targets.map(() => [] as number[]);
  for (let round = 0; round < options.warmup + runs; round++) {
    for (let j = 0; j < targets.length; j++) {
      const i = (j + round) % targets.length;
      const figure = await targets[i]!.run();
      if (round >= options.warmup) samples[i]!.push(figure);
    }
  }
  const out = {} as Record<K, Measured>;
  targets.forEach((t, i) => {
    const s = samples[i]!;
    out[t.name] = { name: t.name, samples: s, median: median(s), min: Math.min(...s), max: Math.max(...s) };
  });
  return out;
}

export interface Ratio {
  /** a's median over b's. */
  ofMedians: number;
  /** The median of a's sample over b's sample of the same round. */
  pairMedian: number;
  /** The lowest and highest round ratios. */
  pairMin: number;
  pairMax: number;
}

/** a against b (a / b); for figures where lower is better, pass them the other way round. */
export function ratio(a: Measured, b: Measured): Ratio {
  const pairs = a.samples.map((x, i) => x / b.samples[i]!);
  return { ofMedians: a.median / b.median, pairMedian: median(pairs), pairMin: Math.min(...pairs), pairMax: Math.max(...pairs) };
}

/** "0.82× (rounds 0.78–0.85, median 0.81×)" */
export function formatRatio(r: Ratio, digits = 2): string {
  return `${r.ofMedians.toFixed(digits)}× (round by round ${r.pairMin.toFixed(digits)}–${r.pairMax.toFixed(digits)}, median ${r.pairMedian.toFixed(digits)}×)`;
}

/** Prints rows of cells as an aligned table, first column left-aligned. */
export function printTable(rows: string[][], indent = "  "): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  for (const r of rows) console.log(indent + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "));
}
