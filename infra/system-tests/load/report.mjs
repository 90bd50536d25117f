// Counting what the soak sees and printing it as plain tables.

export function percentile(values, p) {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);

/** Latencies, statuses and error samples per operation, per minute and for the whole run. */
export class Recorder {
  constructor() {
    this.minute = 0;
    this.byMinute = [new Map()];
    this.total = new Map();
    this.errorSamples = new Map();
  }

  nextMinute() {
    this.minute += 1;
    this.byMinute[this.minute] = new Map();
  }

  success(op, ms) {
    for (const table of [this.byMinute[this.minute], this.total]) slot(table, op).ms.push(ms);
  }

  /** kind: '5xx', 'network', 'unexpected status', 'wrong answer'; sample: what to show a reader. */
  failure(op, ms, kind, sample) {
    for (const table of [this.byMinute[this.minute], this.total]) {
      const entry = slot(table, op);
      entry.ms.push(ms);
      entry.errors += 1;
    }
    const key = `${op}: ${kind}`;
    const seen = this.errorSamples.get(key) ?? { count: 0, samples: [] };
    seen.count += 1;
    if (seen.samples.length < 3) seen.samples.push(sample);
    this.errorSamples.set(key, seen);
  }

  errorCount() {
    let errors = 0;
    for (const entry of this.total.values()) errors += entry.errors;
    return errors;
  }
}

function slot(table, op) {
  if (!table.has(op)) table.set(op, { ms: [], errors: 0 });
  return table.get(op);
}

export function operationTable(table, seconds) {
  const rows = [...table.entries()].sort(([a], [b]) => a.localeCompare(b));
  let count = 0;
  let errors = 0;
  const all = [];
  const lines = rows.map(([op, entry]) => {
    count += entry.ms.length;
    errors += entry.errors;
    all.push(...entry.ms);
    return row(op, entry.ms, entry.errors);
  });
  lines.push(row('all', all, errors));
  return [
    `  ${'operation'.padEnd(14)}${'count'.padStart(7)}${'errors'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}   (${(count / seconds).toFixed(1)} req/s)`,
    ...lines,
  ].join('\n');
}

function row(op, ms, errors) {
  return `  ${op.padEnd(14)}${String(ms.length).padStart(7)}${String(errors).padStart(8)}${fixed(percentile(ms, 50)).padStart(9)}${fixed(percentile(ms, 99)).padStart(9)}${fixed(percentile(ms, 100)).padStart(9)}`;
}

const fixed = (value) => (value === undefined ? '-' : value.toFixed(1));

export const mb = (bytes) => (bytes === undefined ? '-' : (bytes / 1048576).toFixed(1));

/** min / median / max RSS per process over the samples given, and its CPU use between them. */
export function rssTable(names, samples) {
  const seconds = samples.length > 1 ? (samples.at(-1).atMs - samples[0].atMs) / 1000 : 0;
  const lines = [
    `  ${'process'.padEnd(20)}${'min MB'.padStart(9)}${'median MB'.padStart(11)}${'max MB'.padStart(9)}${'CPU %'.padStart(8)}`,
  ];
  for (const name of names) {
    const values = samples.map((s) => s.rss[name]).filter((v) => v !== undefined);
    const cpu = samples.map((s) => s.cpu[name]).filter((v) => v !== undefined);
    const share =
      seconds > 0 && cpu.length > 1 ? (((cpu.at(-1) - cpu[0]) / seconds) * 100).toFixed(0) : '-';
    lines.push(
      `  ${name.padEnd(20)}${mb(percentile(values, 0.0001)).padStart(9)}${mb(median(values)).padStart(11)}${mb(percentile(values, 100)).padStart(9)}${share.padStart(8)}`,
    );
  }
  return lines.join('\n');
}
