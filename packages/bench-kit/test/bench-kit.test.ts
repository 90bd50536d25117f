import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createRounds,
  fetchStatus,
  figure,
  formatNumber,
  formatRatio,
  HTTP_FIGURES,
  jsonBodyOfSize,
  median,
  percentile,
  processCpuSeconds,
  recordBenchmark,
  renderBenchmarksMarkdown,
  runLoad,
  startBareExpressServer,
  summarizeLatencies,
  type BenchmarkInput,
} from '../src/index.js';

describe('processCpuSeconds', () => {
  it('reads a process’s CPU time from /proc, and NaN for one that is gone', () => {
    const before = processCpuSeconds(process.pid);
    // Burn 100 ms of CPU as the process itself counts it (wall time says nothing on a busy machine).
    const start = process.cpuUsage();
    const used = () => {
      const { user, system } = process.cpuUsage(start);
      return (user + system) / 1e6;
    };
    while (used() < 0.1);
    const after = processCpuSeconds(process.pid);
    // /proc counts in 10 ms clock ticks: allow one tick of rounding on each reading.
    expect(after - before).toBeGreaterThanOrEqual(0.08);
    expect(processCpuSeconds(2 ** 22 + 1)).toBeNaN();
  });
});

describe('statistics', () => {
  it('takes the nearest-rank percentile of unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentile(samples, 50)).toBe(51);
    expect(percentile(samples, 99)).toBe(100);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarises latencies', () => {
    expect(summarizeLatencies([5, 1, 3])).toEqual({ count: 3, p50: 3, p99: 5, max: 5 });
  });
});

describe('rounds', () => {
  it('keeps each round and reports the median per label and figure', () => {
    const rounds = createRounds(HTTP_FIGURES);
    rounds.add('bare', { throughput: 100, p50: 1, p99: 3 });
    rounds.add('bare', { throughput: 300, p50: 2, p99: 9 });
    rounds.add('bare', { throughput: 200, p50: 5, p99: 4 });
    const row = rounds.row('bare');
    expect(row.figures.throughput).toEqual({
      unit: 'req/s',
      better: 'higher',
      value: 200,
      rounds: [100, 300, 200],
    });
    expect(row.figures.p99!.value).toBe(4);
    expect(() => rounds.row('missing')).toThrow(/no round/);
  });
});

const input = (): BenchmarkInput => ({
  id: 'sample-bench',
  title: 'Sample | search',
  measures: 'search requests against 10 carriers',
  baseline: {
    label: 'bare express',
    description: 'an express endpoint answering a 200-byte JSON body',
    figures: {
      throughput: figure(1000, 'req/s', 'higher'),
      p99: figure(2, 'ms', 'lower'),
    },
  },
  rows: [
    {
      label: 'search',
      figures: {
        throughput: figure(250, 'req/s', 'higher'),
        p99: figure(20, 'ms', 'lower'),
        errors: figure(0, 'count', 'lower'),
      },
    },
  ],
  goal: { description: 'p99 ≤ 25 ms', met: true },
  rounds: 3,
  parameters: { connections: 10 },
});

describe('recordBenchmark', () => {
  it('writes bench-results/<id>.json with the ratios to the baseline', () => {
    const directory = mkdtempSync(join(tmpdir(), 'bench-kit-'));
    const result = recordBenchmark(input(), { directory });
    const written = JSON.parse(
      readFileSync(join(directory, 'bench-results', 'sample-bench.json'), 'utf8'),
    );
    expect(written).toEqual(result);
    expect(result.rows[0]!.ratios).toEqual({ throughput: 0.25, p99: 10 });
    expect(result.schema).toBe('shuangchuang.bench-result/1');
  });

  it('refuses an id that cannot be a file name and an anchor', () => {
    expect(() => recordBenchmark({ ...input(), id: '../x' }, { dryRun: true })).toThrow();
  });
});

describe('renderBenchmarksMarkdown', () => {
  const run = {
    startedAt: new Date('2026-11-23T07:00:00Z'),
    finishedAt: new Date('2026-11-23T07:09:30Z'),
    machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20.19.0' },
    loadBefore: [1, 1, 1],
    loadAfter: [3.5, 2, 1],
    command: 'npm run bench',
  };

  it('tables every figure with its ratio, the goal, the machine and a load warning', () => {
    const markdown = renderBenchmarksMarkdown([recordBenchmark(input(), { dryRun: true })], run);
    expect(markdown).toContain('2026-11-23 07:00 UTC');
    expect(markdown).toContain('9.5 min');
    expect(markdown).toContain('| CPU | Test CPU |');
    expect(markdown).toContain('**Warning:** the load average exceeded the 2 cores');
    expect(markdown).toContain('## Sample | search');
    expect(markdown).toContain('| **baseline:** bare express | 1,000 req/s | 2.00 ms | — |');
    expect(markdown).toContain('| search | 250 req/s (×0.25) | 20.0 ms (×10) | 0 count |');
    expect(markdown).toContain('p99 ≤ 25 ms — **met**');
    expect(markdown).toContain(
      '| [Sample \\| search](#sample-bench) | search: throughput 250 req/s (×0.25), p99 20.0 ms (×10) | met |',
    );
  });

  it('warns of nothing on a quiet machine', () => {
    const markdown = renderBenchmarksMarkdown([], { ...run, loadAfter: [0.5, 0.5, 0.5] });
    expect(markdown).not.toContain('Warning');
  });

  it('formats numbers and ratios for reading', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(0.0123)).toBe('0.012');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatRatio(0.104)).toBe('×0.10');
    expect(formatRatio(0.012)).toBe('×0.01');
    expect(formatRatio(23.4)).toBe('×23');
  });
});

describe('bare express baseline and load', () => {
  it('builds a body of about the size asked', () => {
    const size = JSON.stringify(jsonBodyOfSize(2000)).length;
    expect(size).toBeLessThanOrEqual(2000);
    expect(size).toBeGreaterThan(1900);
  });

  it('answers GET and POST and is measured by the load loop', async () => {
    const bare = await startBareExpressServer({ body: { ok: true } });
    try {
      const figures = await runLoad({
        concurrency: 4,
        count: 40,
        request: (i) =>
          i % 2 === 0
            ? fetchStatus(bare.url)
            : fetchStatus(bare.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: '{"a":1}',
              }),
      });
      expect(figures.count).toBe(40);
      expect(figures.failures).toBe(0);
      expect(figures.p50).toBeGreaterThan(0);
      expect(figures.perSecond).toBeGreaterThan(0);
      expect(await (await fetch(bare.url)).json()).toEqual({ ok: true });
    } finally {
      await bare.close();
    }
  });

  it('at a rate, spaces the requests and counts a late one from when it was due', async () => {
    const startedAt: number[] = [];
    const started = performance.now();
    const figures = await runLoad({
      concurrency: 1,
      ratePerSecond: 50, // one due every 20 ms
      count: 15,
      request: async (i) => {
        startedAt.push(performance.now() - started);
        // the first takes 200 ms: the next nine fall due meanwhile and wait for the worker
        await new Promise((resolve) => setTimeout(resolve, i === 0 ? 200 : 1));
        return 200;
      },
    });
    expect(figures.count).toBe(15);
    // waiting counts: those nine took 20–180 ms from when they were due (a closed loop: ≈ 1 ms)
    expect(figures.p50).toBeGreaterThan(30);
    // past the backlog, requests go out when due (10 to 14: at 200 to 280 ms), not at once; a
    // timer may fire a little late (or a millisecond early by the libuv clock), so with margins
    expect(startedAt[14]!).toBeGreaterThanOrEqual(275);
    expect(startedAt[14]! - startedAt[10]!).toBeGreaterThan(40);
  });

  it('refuses a rate that is not positive', async () => {
    await expect(
      runLoad({ concurrency: 1, count: 1, ratePerSecond: 0, request: async () => 200 }),
    ).rejects.toThrow(/ratePerSecond/);
  });

  it('stops after the duration', async () => {
    const figures = await runLoad({
      concurrency: 1,
      durationMs: 50,
      request: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return 500;
      },
    });
    expect(figures.count).toBeGreaterThan(0);
    expect(figures.failures).toBe(figures.count);
  });
});
