import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { median } from './statistics.js';

/** Whether a larger value of a figure is the better one (throughput) or the worse (latency). */
export type Better = 'higher' | 'lower';

export interface FigureSpec {
  unit: string;
  better: Better;
}

/** One measured quantity of a row: the median over the rounds, and each round's value. */
export interface Figure extends FigureSpec {
  value: number;
  /** The value of every round, in order; one element when measured once. */
  rounds: number[];
}

/** A line of a benchmark's table: what ran, and its figures keyed by name (`throughput`, `p99`…). */
export interface Row {
  label: string;
  figures: Record<string, Figure>;
  note?: string;
}

/** The bare equivalent measured in the same run, and what it is. */
export interface BaselineRow extends Row {
  /** What the baseline is, for a reader who has never seen the project. */
  description: string;
}

/** A measured row with, for every figure the baseline also has in the same unit, figure ÷ baseline. */
export interface MeasuredRow extends Row {
  ratios: Record<string, number>;
}

export interface Goal {
  description: string;
  /** null when the run could not check it (say why in `detail`). */
  met: boolean | null;
  detail?: string;
}

export interface BenchmarkInput {
  /** File name of the result and anchor in docs/benchmarks.md: lowercase, dashes. */
  id: string;
  title: string;
  /** What is measured, in a sentence or two. */
  measures: string;
  baseline: BaselineRow;
  rows: Row[];
  /** Label of the row the summary of docs/benchmarks.md quotes; the first row when absent. */
  headline?: string;
  goal?: Goal;
  /** How many rounds each figure is the median of. */
  rounds: number;
  /** The knobs of this run (sizes, concurrency, durations), as the reader needs them. */
  parameters?: Record<string, string | number | boolean>;
  notes?: string[];
}

/** What `recordBenchmark` writes to `bench-results/<id>.json`. */
export interface BenchmarkResult extends Omit<BenchmarkInput, 'rows'> {
  schema: typeof RESULT_SCHEMA;
  /** The workspace folder name the benchmark ran in (e.g. `registry`). */
  workspace: string;
  /** `npm run bench -w <package name>` runs it alone. */
  packageName?: string;
  recordedAt: string;
  rows: MeasuredRow[];
}

export const RESULT_SCHEMA = 'shuangchuang.bench-result/1';
export const RESULTS_DIR = 'bench-results';

/** A figure measured once. */
export function figure(value: number, unit: string, better: Better): Figure {
  return { value, unit, better, rounds: [value] };
}

/** A figure from several rounds: their median. */
export function figureFromRounds(rounds: readonly number[], spec: FigureSpec): Figure {
  return { ...spec, value: median(rounds), rounds: [...rounds] };
}

/** Throughput, p50 and p99 of a request/response path, the columns most benchmarks report. */
export const HTTP_FIGURES = {
  throughput: { unit: 'req/s', better: 'higher' },
  p50: { unit: 'ms', better: 'lower' },
  p99: { unit: 'ms', better: 'lower' },
} as const satisfies Record<string, FigureSpec>;

/**
 * Collects every round's measurements per label and turns them into rows of medians. Figures a
 * label did not report in some round are the median of the rounds that did.
 */
export function createRounds(specs: Record<string, FigureSpec>) {
  const byLabel = new Map<string, Record<string, number>[]>();
  return {
    add(label: string, measurements: Record<string, number>): void {
      const list = byLabel.get(label) ?? [];
      list.push(measurements);
      byLabel.set(label, list);
    },
    row(label: string, note?: string): Row {
      const measured = byLabel.get(label);
      if (!measured) throw new Error(`no round recorded for "${label}"`);
      const figures: Record<string, Figure> = {};
      for (const [name, spec] of Object.entries(specs)) {
        const values = measured.map((m) => m[name]).filter((v): v is number => v !== undefined);
        if (values.length > 0) figures[name] = figureFromRounds(values, spec);
      }
      return note === undefined ? { label, figures } : { label, figures, note };
    },
    labels(): string[] {
      return [...byLabel.keys()];
    },
  };
}

/** Each figure of `row` divided by the baseline's figure of the same name and unit. */
export function ratiosTo(baseline: Row, row: Row): Record<string, number> {
  const ratios: Record<string, number> = {};
  for (const [name, measured] of Object.entries(row.figures)) {
    const base = baseline.figures[name];
    if (!base || base.unit !== measured.unit || !(base.value > 0)) continue;
    if (!Number.isFinite(measured.value)) continue;
    ratios[name] = measured.value / base.value;
  }
  return ratios;
}

export interface RecordOptions {
  /** Folder holding `bench-results/`; the workspace npm runs the bench in by default. */
  directory?: string;
  /** Do not write, only return (tests). */
  dryRun?: boolean;
}

/** Computes the ratios and writes `bench-results/<id>.json`; returns what it wrote. */
export function recordBenchmark(
  input: BenchmarkInput,
  options: RecordOptions = {},
): BenchmarkResult {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(input.id)) throw new Error(`bad benchmark id "${input.id}"`);
  const directory = options.directory ?? process.cwd();
  const result: BenchmarkResult = {
    schema: RESULT_SCHEMA,
    ...input,
    workspace: basename(directory),
    packageName: process.env.npm_package_name,
    recordedAt: new Date().toISOString(),
    rows: input.rows.map((row) => ({ ...row, ratios: ratiosTo(input.baseline, row) })),
  };
  if (!options.dryRun) {
    const folder = join(directory, RESULTS_DIR);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${input.id}.json`), JSON.stringify(result, null, 2) + '\n');
  }
  return result;
}
