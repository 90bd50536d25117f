import os from 'node:os';
import type { BenchmarkResult, Figure, MeasuredRow, Row } from './result.js';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function describeMachine(): Machine {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

export interface RunInfo {
  startedAt: Date;
  finishedAt: Date;
  machine: Machine;
  /** 1, 5 and 15 minute load averages. */
  loadBefore: number[];
  loadAfter: number[];
  command: string;
  /** Workspaces whose bench failed or wrote nothing. */
  failures?: string[];
}

/** 12,345 · 123 · 12.3 · 1.23 · 0.123: three significant digits below 1,000. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return '0';
  return value.toPrecision(2);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `×${ratio >= 10 ? ratio.toFixed(0) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(1)}`;
}

function formatFigure(figure: Figure | undefined): string {
  return figure ? `${formatNumber(figure.value)} ${figure.unit}` : '—';
}

/** Figure names of the baseline and rows, in the order they first appear. */
function columns(result: BenchmarkResult): string[] {
  const names: string[] = [];
  for (const row of [result.baseline as Row, ...result.rows])
    for (const name of Object.keys(row.figures)) if (!names.includes(name)) names.push(name);
  return names;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(result: BenchmarkResult): string {
  const names = columns(result);
  const header = `| | ${names.map((n) => escapeCell(n)).join(' | ')} |`;
  const rule = `|---|${names.map(() => '--:').join('|')}|`;
  const baseline = `| **baseline:** ${escapeCell(result.baseline.label)} | ${names
    .map((n) => formatFigure(result.baseline.figures[n]))
    .join(' | ')} |`;
  const rows = result.rows.map(
    (row: MeasuredRow) =>
      `| ${escapeCell(row.label)}${row.note ? ` <br>_${escapeCell(row.note)}_` : ''} | ${names
        .map((n) => {
          const ratio = row.ratios[n];
          const cell = formatFigure(row.figures[n]);
          return ratio === undefined ? cell : `${cell} (${formatRatio(ratio)})`;
        })
        .join(' | ')} |`,
  );
  return [header, rule, baseline, ...rows].join('\n');
}

function goalText(result: BenchmarkResult): string {
  if (!result.goal) return 'no goal stated';
  const verdict =
    result.goal.met === null ? 'not checked' : result.goal.met ? '**met**' : '**not met**';
  return `${result.goal.description} — ${verdict}${result.goal.detail ? ` (${result.goal.detail})` : ''}`;
}

const shortVerdict = (result: BenchmarkResult) =>
  !result.goal
    ? '—'
    : result.goal.met === null
      ? 'not checked'
      : result.goal.met
        ? 'met'
        : 'not met';

/** The headline row's figures that have a ratio, e.g. `submit: throughput 13 req/s (×0.09), …`. */
function headline(result: BenchmarkResult): string {
  const row = result.rows.find((r) => r.label === result.headline) ?? result.rows[0];
  if (!row) return '—';
  const figures = Object.entries(row.ratios).map(
    ([name, ratio]) => `${name} ${formatFigure(row.figures[name])} (${formatRatio(ratio)})`,
  );
  return `${escapeCell(row.label)}: ${figures.length ? figures.join(', ') : '—'}`;
}

const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');

/** docs/benchmarks.md: the machine and run, then every benchmark's table against its baseline. */
export function renderBenchmarksMarkdown(results: BenchmarkResult[], run: RunInfo): string {
  const { machine } = run;
  const minutes = (run.finishedAt.getTime() - run.startedAt.getTime()) / 60_000;
  const overloaded = Math.max(...run.loadBefore, ...run.loadAfter) > machine.cores;
  const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`${run.command}\` on ${utc(run.startedAt)} (the whole run took ${minutes.toFixed(1)} min). ` +
      'Do not edit by hand: run the command again.',
    '',
    '## How to read these figures',
    '',
    '- Every benchmark measures a **baseline** in the same run, on the same machine, with the same ' +
      'client: the bare equivalent of what it measures (an express endpoint that only answers JSON, ' +
      'a raw TCP echo, a bare kafkajs producer and consumer, plain string operations). Each figure ' +
      'is followed by its ratio to the baseline figure of the same name: for a throughput, ×0.25 ' +
      'means a quarter of the baseline; for a latency, ×4.0 means four times as long.',
    '- A figure is the **median of the rounds** named under its table (each round measures the ' +
      'baseline and then the rows); latencies are per request, p50 and p99 being the 50th and ' +
      '99th percentiles within a round.',
    '- The machine is shared with other work: absolute figures move from run to run, the ratios ' +
      'much less. Read the load average below before comparing runs.',
    '- Each benchmark runs alone with `npm run bench -w <package>`; its raw result (every round) ' +
      'is in that workspace’s `bench-results/<id>.json`.',
    '',
    '## Machine and run',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${escapeCell(machine.cpuModel)} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| OS | ${escapeCell(machine.os)} |`,
    `| Node.js | ${machine.node} |`,
    `| started / finished | ${utc(run.startedAt)} / ${utc(run.finishedAt)} |`,
    `| load average (1 / 5 / 15 min) before | ${load(run.loadBefore)} |`,
    `| load average (1 / 5 / 15 min) after | ${load(run.loadAfter)} |`,
    '',
  ];
  if (overloaded) {
    lines.push(
      `> **Warning:** the load average exceeded the ${machine.cores} cores during this run: other ` +
        'processes competed for the CPU, so absolute figures are pessimistic and p99s mostly show ' +
        'the machine. Compare the ratios, or re-run on a quiet machine.',
      '',
    );
  }
  if (run.failures && run.failures.length > 0) {
    lines.push(
      `> **Missing:** ${run.failures.map(escapeCell).join(', ')} wrote no result in this run ` +
        '(see the run’s output).',
      '',
    );
  }
  lines.push(
    '## Summary',
    '',
    '| benchmark | headline row (ratio to the baseline) | goal |',
    '|---|---|---|',
    ...results.map(
      (r) => `| [${escapeCell(r.title)}](#${r.id}) | ${headline(r)} | ${shortVerdict(r)} |`,
    ),
    '',
  );
  for (const result of results) {
    lines.push(
      `<a id="${result.id}"></a>`,
      '',
      `## ${result.title}`,
      '',
      `\`${result.packageName ?? result.workspace}\` · ` +
        `\`npm run bench -w ${result.packageName ?? result.workspace}\``,
      '',
      `**Measures:** ${result.measures}`,
      '',
      `**Baseline:** ${result.baseline.description}`,
      '',
      table(result),
      '',
      `**Goal:** ${goalText(result)}`,
      '',
      `**Rounds:** median of ${result.rounds}` +
        (result.parameters
          ? ` · ${Object.entries(result.parameters)
              .map(([k, v]) => `${k} ${v}`)
              .join(' · ')}`
          : ''),
      '',
    );
    for (const note of result.notes ?? []) lines.push(`- ${note}`);
    if (result.notes?.length) lines.push('');
  }
  return lines.join('\n');
}
