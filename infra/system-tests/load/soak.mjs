#!/usr/bin/env node
// Load and soak, run on demand (not in CI): the whole system under a steady open-loop mixed load —
// Chinese and pinyin carrier searches, feed pages and articles, founders logging in, drafting and
// submitting applications, reviewers moving them, founders reading their inbox — for --minutes.
//
// Passes when (1) no answer was a 5xx, a network error, an unexpected status or a wrong answer, and
// (2) resident memory stayed bounded. RSS (VmRSS from /proc/<pid>/status) of every process is
// sampled every --sample-seconds. The first --warmup-minutes are warm-up (JIT, caches, V8 heap
// sizing, connection pools). Over the rest, for every process:
//   - the last sample may not exceed the median of the first post-warm-up minute by more than the
//     allowance, and
//   - the median of the final third may not exceed the median of the first third by more than it;
//   allowance = max(25 % of that first post-warm-up median, 64 MB). 64 MB because a Node process
//   swings by tens of MB between major GCs (young generation and old-space growth steps) without
//   leaking; 25 % because the stored data (applications, inbox messages, outbox, journals) really
//   grows during the run and the embedded servers keep some of it in memory. At the defaults
//   (25 req/s, 9 measured minutes, 13,500 requests) 64 MB is ~5 kB per request of the mix (more
//   for a service that sees only part of it); smaller leaks need longer runs.
// The generator is open loop (arrival i is due at i / rate whatever the answers): it says it fell
// behind when it dropped arrivals (MAX_IN_FLIGHT requests pending) or started one more than 1 s
// late after warm-up; that is printed with the verdict but does not fail the run by itself.
//
// Usage: npm run soak -w @shuangchuang/system-tests -- [--minutes 10] [--rate 25]
//          [--warmup-minutes 1] [--sample-seconds 5] [--gateway http://127.0.0.1:8080] [--keep-data]
// Without --gateway it starts everything with startStack (ephemeral ports, data in a temporary
// directory so the journals of the embedded broker and database are written), the gateway in this
// process, and runs itself with --gateway in a child process for the load; with --gateway it loads
// a running system and samples the processes behind that port where it can find them.
// Exit code 0 when passed, 1 otherwise; the last line is the verdict.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStack } from '../../local/stack.mjs';
import { cpuSeconds, processesBehindGateway, residentBytes } from './processes.mjs';
import { Recorder, mb, median, operationTable, percentile, rssTable } from './report.mjs';
import { MIX, createWorkload, prepare } from './workload.mjs';

const BOUND_FRACTION = 0.25;
const BOUND_FLOOR_BYTES = 64 * 1048576;
// Past this many requests in flight the system is not keeping up: arrivals are dropped and counted.
const MAX_IN_FLIGHT = 256;
// Arrivals started later than LATE_MS are counted as jitter (a busy machine stalls any process for
// a moment); one started more than BEHIND_MS late means a backlog: the offered rate was not met.
const LATE_MS = 100;
const BEHIND_MS = 1000;

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '25' },
    'warmup-minutes': { type: 'string' },
    'sample-seconds': { type: 'string', default: '5' },
    gateway: { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
});
const minutes = Number(options.minutes);
const rate = Number(options.rate);
const warmupMinutes = Number(options['warmup-minutes'] ?? (minutes >= 3 ? 1 : minutes / 3));
const sampleMs = Number(options['sample-seconds']) * 1000;
if (!(minutes > 0 && rate > 0 && warmupMinutes >= 0 && warmupMinutes < minutes && sampleMs > 0)) {
  console.error('usage: soak.mjs [--minutes 10] [--rate 25] [--warmup-minutes 1] [--gateway url]');
  process.exit(2);
}

const log = (line) => console.log(`[soak] ${line}`);
let stack;
let dataDir;

async function cleanUp() {
  await stack?.stop();
  if (dataDir && !options['keep-data']) rmSync(dataDir, { recursive: true, force: true });
}

process.on('SIGINT', async () => {
  log('interrupted; stopping');
  await cleanUp();
  process.exit(130);
});

try {
  process.exitCode = await main();
} catch (error) {
  log(`could not run: ${error.stack ?? error.message}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// Keep-alive sockets of the clients would otherwise hold the process open for a while.
process.exit(process.exitCode);

async function main() {
  let gatewayUrl = options.gateway;
  let processes;
  if (gatewayUrl) {
    const found = processesBehindGateway(gatewayUrl);
    processes = found.processes;
    if (found.reason) {
      log(`RSS sampling skipped: ${found.reason}; only errors and latencies are checked`);
      processes = [{ name: 'load', pid: process.pid }];
    } else {
      log(`sampling ${processes.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
    }
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'shuangchuang-soak-'));
    log(`starting the system, data in ${dataDir}…`);
    const started = Date.now();
    // the load comes from one address: rate limits (per client) would refuse most of it
    stack = await startStack({
      ephemeral: true,
      dataDir,
      rateLimits: false,
      onProgress: (line) => log(line),
    });
    log(`system up in ${((Date.now() - started) / 1000).toFixed(0)} s at ${stack.gatewayUrl}`);
    // the load child signs its staff tokens with this stack's development key
    process.env.JWT_PRIVATE_KEY_FILE = stack.tokenKeys.privateKeyFile;
    // The gateway runs in this process: the load runs in a child (this script with --gateway) so
    // the gateway's memory is measured apart from the generator's.
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), ...process.argv.slice(2), '--gateway', stack.gatewayUrl],
      { stdio: 'inherit' },
    );
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  }

  log('preparing data through the API…');
  const prepared = await prepare(gatewayUrl, log);
  log(
    `load: ${rate} req/s for ${minutes} min (warm-up ${+warmupMinutes.toFixed(2)} min), mix ${Object.entries(
      MIX,
    )
      .map(([kind, share]) => `${kind} ${share}%`)
      .join(', ')}`,
  );
  log(
    `bound: after warm-up, each process's RSS may end at most max(${BOUND_FRACTION * 100} %, ${mb(BOUND_FLOOR_BYTES)} MB) above its first post-warm-up minute, and its final third's median at most that above its first third's`,
  );

  const recorder = new Recorder();
  const workload = createWorkload(gatewayUrl, prepared, recorder);
  const samples = [];
  const names = processes.map((p) => p.name);
  const crashed = [];
  const sample = (elapsedMs) => {
    const rss = {};
    const cpu = {};
    for (const { name, pid } of processes) {
      rss[name] = residentBytes(pid);
      cpu[name] = cpuSeconds(pid);
      // sampled before and gone now: the process exited
      const before = samples.at(-1)?.rss[name];
      if (before !== undefined && rss[name] === undefined && !crashed.includes(name)) {
        crashed.push(name);
      }
    }
    samples.push({ atMs: elapsedMs, rss, cpu });
  };

  const generator = await runLoad({
    rate,
    durationMs: minutes * 60_000,
    next: workload.next,
    onSample: sample,
    onMinute: (minute, seconds, lag) => {
      // the minute's samples, and the one before it so CPU use covers the whole minute
      const inMinute = samples.filter(
        (s) => s.atMs > (minute - 1) * 60_000 - sampleMs && s.atMs <= minute * 60_000,
      );
      console.log(
        `\n── minute ${minute}${minute <= warmupMinutes ? ' (warm-up)' : ''} ── start lag p99 ${lag.p99.toFixed(0)} ms, ${lag.late} late, ${lag.dropped} dropped ── ${JSON.stringify(workload.counts())}`,
      );
      console.log(operationTable(recorder.byMinute[recorder.minute], seconds));
      console.log(rssTable(names, inMinute));
      // Splits this process's RSS: JS heap (gateway and generator objects) versus the rest.
      const own = process.memoryUsage();
      console.log(
        `  this process: V8 heap used ${mb(own.heapUsed)} of ${mb(own.heapTotal)} MB, external + buffers ${mb(own.external + own.arrayBuffers)} MB`,
      );
      recorder.nextMinute();
    },
  });
  return summarise({ recorder, samples, names, generator, crashed, counts: workload.counts() });
}

/**
 * Open loop: arrival i is due at start + i / rate, whatever happened to earlier ones, so a slow
 * system meets the same offered load. Samples RSS every sampleMs and closes a minute every 60 s.
 */
async function runLoad({ rate, durationMs, next, onSample, onMinute }) {
  const total = Math.round((durationMs / 1000) * rate);
  const start = performance.now();
  const inFlight = new Set();
  const lagMs = [];
  let minuteLagMs = [];
  let minuteDropped = 0;
  let launched = 0;
  let dropped = 0;
  let peakInFlight = 0;
  let nextSampleMs = 0;
  let minute = 1;
  let minuteStartedMs = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor((elapsed / 1000) * rate) + 1);
      while (launched < due) {
        const lag = elapsed - (launched * 1000) / rate;
        lagMs.push(lag);
        minuteLagMs.push(lag);
        launched += 1;
        if (inFlight.size >= MAX_IN_FLIGHT) {
          dropped += 1;
          minuteDropped += 1;
          continue;
        }
        const request = next().finally(() => inFlight.delete(request));
        inFlight.add(request);
        peakInFlight = Math.max(peakInFlight, inFlight.size);
      }
      if (elapsed >= nextSampleMs) {
        onSample(elapsed);
        nextSampleMs += sampleMs;
      }
      if (elapsed >= minute * 60_000 || (launched >= total && elapsed >= durationMs)) {
        onMinute(minute, (elapsed - minuteStartedMs) / 1000, {
          p99: percentile(minuteLagMs, 99) ?? 0,
          late: minuteLagMs.filter((ms) => ms > LATE_MS).length,
          dropped: minuteDropped,
        });
        minuteLagMs = [];
        minuteDropped = 0;
        minuteStartedMs = elapsed;
        minute += 1;
      }
      if (launched >= total && elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 5);
    tick();
  });
  // Let the last answers come in (their latencies are already being recorded).
  const drainDeadline = Date.now() + 60_000;
  while (inFlight.size && Date.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  onSample(performance.now() - start);
  return {
    launched,
    dropped,
    peakInFlight,
    unfinished: inFlight.size,
    lagP99: percentile(lagMs, 99),
    lagMax: percentile(lagMs, 100),
    late: lagMs.filter((ms) => ms > LATE_MS).length,
    // warm-up (JIT, first connections) is not held against the generator
    backlogged: lagMs.slice(Math.round(warmupMinutes * 60 * rate)).filter((ms) => ms > BEHIND_MS)
      .length,
  };
}

function summarise({ recorder, samples, names, generator, crashed, counts }) {
  console.log(`\n══ summary: ${minutes} min at ${rate} req/s ══`);
  console.log(operationTable(recorder.total, minutes * 60));
  console.log(
    `  founders ${counts.founders}, drafts ${counts.drafts}, submitted ${counts.submitted}, moved to under_review ${counts.underReview}, decided ${counts.decided}`,
  );

  const behind = generator.dropped > 0 || generator.unfinished > 0 || generator.backlogged > 0;
  console.log(
    `  generator: ${generator.launched} arrivals, ${generator.dropped} dropped at ${MAX_IN_FLIGHT} in flight, ${generator.unfinished} unanswered after the run, start lag p99 ${generator.lagP99.toFixed(1)} ms / max ${generator.lagMax.toFixed(1)} ms, ${generator.late} started > ${LATE_MS} ms late, ${generator.backlogged} > ${BEHIND_MS} ms late after warm-up, peak in flight ${generator.peakInFlight} → ${behind ? 'FELL BEHIND: the offered rate was not met' : 'kept up'}`,
  );

  const warmupMs = warmupMinutes * 60_000;
  const after = samples.filter((s) => s.atMs > warmupMs);
  const firstMinute = after.filter((s) => s.atMs <= warmupMs + 60_000);
  const third = (minutes * 60_000 - warmupMs) / 3;
  const firstThird = after.filter((s) => s.atMs <= warmupMs + third);
  const finalThird = after.filter((s) => s.atMs > warmupMs + 2 * third);
  const over = [];
  console.log(
    `\n  RSS MB${' '.repeat(14)}${'start'.padStart(8)}${'level'.padStart(8)}${'end'.padStart(8)}${'1st ⅓'.padStart(8)}${'last ⅓'.padStart(8)}${'growth'.padStart(8)}${'allowed'.padStart(9)}`,
  );
  for (const name of names) {
    const of = (list) => list.map((s) => s.rss[name]).filter((v) => v !== undefined);
    const level = median(of(firstMinute));
    const end = of(after).at(-1);
    const thirds = [median(of(firstThird)), median(of(finalThird))];
    if (level === undefined || end === undefined) {
      console.log(`  ${name.padEnd(20)}  not sampled`);
      continue;
    }
    const allowed = Math.max(level * BOUND_FRACTION, BOUND_FLOOR_BYTES);
    const growth = Math.max(end - level, (thirds[1] ?? 0) - (thirds[0] ?? 0));
    const crossed = end - level > allowed || thirds[1] - thirds[0] > allowed;
    if (crossed) over.push(`${name} +${mb(growth)} MB (allowed ${mb(allowed)})`);
    console.log(
      `  ${name.padEnd(20)}${mb(of(samples)[0]).padStart(8)}${mb(level).padStart(8)}${mb(end).padStart(8)}${mb(thirds[0]).padStart(8)}${mb(thirds[1]).padStart(8)}${`${growth >= 0 ? '+' : ''}${mb(growth)}`.padStart(8)}${mb(allowed).padStart(9)}${crossed ? '  OVER' : ''}`,
    );
  }
  console.log(
    '  (start: first sample; level: median of the first post-warm-up minute; end: last sample)',
  );

  const errors = recorder.errorCount();
  if (errors) {
    console.log(`\n  errors (${errors}):`);
    for (const [key, { count, samples: examples }] of recorder.errorSamples) {
      console.log(`    ${key} × ${count}`);
      for (const example of examples) console.log(`      e.g. ${example}`);
    }
  }
  if (crashed.length) console.log(`\n  exited during the run: ${crashed.join(', ')}`);

  const requests = [...recorder.total.values()].reduce((sum, e) => sum + e.ms.length, 0);
  const failed = errors > 0 || over.length > 0 || crashed.length > 0;
  const reasons = [
    errors ? `${errors} errors` : '0 errors',
    over.length ? `RSS over the bound: ${over.join(', ')}` : 'every process within its RSS bound',
    ...(crashed.length ? [`${crashed.join(', ')} exited`] : []),
    ...(behind ? ['generator fell behind'] : []),
  ];
  console.log(
    `\nVERDICT: ${failed ? 'FAIL' : 'PASS'} — ${requests} requests in ${minutes} min at ${rate} req/s, ${reasons.join('; ')}`,
  );
  return failed ? 1 : 0;
}
