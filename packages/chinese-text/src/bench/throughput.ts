/**
 * Throughput and latency of the search-key pipeline: `npm run bench` (after `npm run build`).
 * Figures only, no assertions. Three rounds; in each, every operation runs for a fixed time after
 * 50 warm-up calls, next to plain string work on the same inputs as the baseline. On a shared
 * machine the p99 mostly shows what else is running.
 */
import { createRounds, recordBenchmark, type FigureSpec } from '@shuangchuang/bench-kit';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeQuery, buildSearchKeys, scoreMatch, warmUp, type SearchField } from '../index.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 300);

const CITIES = ['青岛', '德州', '兰州', '武汉', '苏州', '杭州', '厦门', '郑州', '重庆', '天津'];
const FIELDS = ['生物医药', '集成电路', '智能装备', '新材料', '数字交通', '网络安全', '医疗器械'];
const KINDS = ['众创空间', '科技企业孵化器', '加速器', '大学科技园', '创业苗圃'];

function carrierFields(i: number): SearchField[] {
  const city = CITIES[i % CITIES.length];
  const field = FIELDS[Math.floor(i / CITIES.length) % FIELDS.length];
  const kind = KINDS[i % KINDS.length];
  const name = `${city}高新区${field}${kind}（${i}号）`;
  return [
    { text: name, weight: 3 },
    { text: name.replace('高新区', '高新區'), weight: 2 },
    { text: `${city}${field}科技发展有限公司`, weight: 1 },
  ];
}

function seedArticles(): SearchField[][] {
  const seeds = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/seeds');
  if (!existsSync(seeds)) return [];
  return readdirSync(seeds).map((file) => {
    const lines = readFileSync(join(seeds, file), 'utf8')
      .replace(/<[^>]+>/g, ' ')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return [
      { text: lines[0], weight: 3 },
      { text: lines.slice(1).join('\n'), weight: 1 },
    ];
  });
}

/** Runs `work` repeatedly for about `ms` and returns per-call durations in microseconds. */
function measure(work: (i: number) => void, ms = MEASURE_MS): number[] {
  for (let i = 0; i < 50; i++) work(i); // warm the JIT and the libraries' lazy tables
  const durations: number[] = [];
  const end = performance.now() + ms;
  for (let i = 0; performance.now() < end; i++) {
    const start = performance.now();
    work(i);
    durations.push((performance.now() - start) * 1000);
  }
  return durations.sort((a, b) => a - b);
}

const FIGURES = {
  throughput: { unit: 'calls/s', better: 'higher' },
  p50: { unit: 'µs', better: 'lower' },
  p99: { unit: 'µs', better: 'lower' },
} satisfies Record<string, FigureSpec>;
const rounds = createRounds(FIGURES);

function report(round: number, label: string, durations: number[], extra = ''): void {
  const total = durations.reduce((sum, d) => sum + d, 0);
  const at = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  const figures = {
    throughput: (durations.length / total) * 1e6,
    p50: at(0.5),
    p99: at(0.99),
  };
  rounds.add(label, figures);
  console.log(
    `r${round} ${label.padEnd(34)} ${String(Math.round(figures.throughput)).padStart(8)} /s` +
      `   p50 ${figures.p50.toFixed(0).padStart(6)} µs   p99 ${figures.p99.toFixed(0).padStart(6)} µs` +
      `   n=${durations.length}${extra}`,
  );
}

const coldStart = performance.now();
warmUp();
const warmUpMs = performance.now() - coldStart;
console.log(`warmUp (dictionaries loaded)        ${warmUpMs.toFixed(0)} ms`);

/** Average and largest number of keys over some documents. */
function keyStats(documents: SearchField[][]): string {
  const counts = documents.map((fields) => buildSearchKeys(fields).length);
  const average = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  return `   keys avg ${average.toFixed(0)} max ${Math.max(...counts)}`;
}

const QUERIES = [
  '青岛',
  'qingdao',
  'qdgxq',
  '青島高新區',
  '启迪之星（德州）',
  'qingdao 孵化器',
  'shengwuyiyao',
  '青岛的生物医药孵化器',
];
const BASELINE = 'plain string match (NFKC, lowercase, includes)';
/** The baseline: what matching a query against a carrier's fields costs with no Chinese-aware work. */
function plainMatch(query: string, fields: SearchField[]): boolean {
  const needle = query.normalize('NFKC').toLowerCase();
  return fields.some((field) => field.text.normalize('NFKC').toLowerCase().includes(needle));
}

const sampleCarriers = Array.from({ length: 200 }, (_, i) => carrierFields(i));
const articles = seedArticles();
const analyzed = QUERIES.map((query) => analyzeQuery(query));
// A broad query on a registry of 10,000: rank 1,000 candidates (their profiles cached after the
// first pass, as in a running service).
const candidates = Array.from({ length: 1000 }, (_, i) => carrierFields(i));

for (let round = 1; round <= ROUNDS; round++) {
  report(
    round,
    BASELINE,
    measure((i) => plainMatch(QUERIES[i % QUERIES.length]!, carrierFields(i))),
  );
  report(
    round,
    'buildSearchKeys carrier',
    measure((i) => buildSearchKeys(carrierFields(i))),
    round === 1 ? keyStats(sampleCarriers) : '',
  );
  if (articles.length > 0) {
    const durations = measure((i) => buildSearchKeys(articles[i % articles.length]));
    report(round, 'buildSearchKeys seed article', durations, round === 1 ? keyStats(articles) : '');
  } else if (round === 1) {
    console.log(
      'buildSearchKeys seed article       skipped: shared/seeds not found beside the repository',
    );
  }
  report(
    round,
    'analyzeQuery',
    measure((i) => analyzeQuery(QUERIES[i % QUERIES.length])),
  );
  report(
    round,
    'analyzeQuery prefix',
    measure((i) => analyzeQuery(QUERIES[i % QUERIES.length], { prefix: true })),
  );
  report(
    round,
    'scoreMatch carrier (3 fields)',
    measure((i) => scoreMatch(analyzed[i % analyzed.length], carrierFields(i))),
  );
  report(
    round,
    'scoreMatch 1,000 candidates',
    measure((i) => {
      const query = analyzed[i % analyzed.length];
      for (const fields of candidates) scoreMatch(query, fields);
    }, MEASURE_MS * 3),
  );
}

const rows = rounds
  .labels()
  .filter((label) => label !== BASELINE)
  .map((label) =>
    rounds.row(
      label,
      label === 'scoreMatch 1,000 candidates' ? 'one call ranks 1,000 carriers' : undefined,
    ),
  );
const analyzeP50 = rounds.row('analyzeQuery').figures.p50!.value;
const rankP50 = rounds.row('scoreMatch 1,000 candidates').figures.p50!.value;
const searchMs = (analyzeP50 + rankP50) / 1000;
recordBenchmark({
  id: 'chinese-text',
  title: 'Chinese search keys and query matching (chinese-text)',
  measures:
    'Calls per second and per-call latency of building search keys for a carrier and a long ' +
    'article (simplified/traditional normalisation, jieba segmentation, pinyin), analysing a ' +
    'search query, and scoring carriers against it, in one process with no I/O.',
  baseline: {
    ...rounds.row(BASELINE),
    description:
      'Plain JavaScript string work on the same inputs: NFKC-normalise and lowercase the query ' +
      'and a carrier’s three fields and test `includes` — matching with no Chinese-aware ' +
      'processing.',
  },
  rows,
  headline: 'scoreMatch 1,000 candidates',
  goal: {
    description:
      'analysing a query and ranking 1,000 candidates fit the 25 ms search budget (sum of p50s)',
    met: searchMs <= 25,
    detail: `${searchMs.toFixed(2)} ms`,
  },
  rounds: ROUNDS,
  parameters: {
    'ms per operation and round': MEASURE_MS,
    'dictionary warm-up ms': Math.round(warmUpMs),
  },
  notes: [
    'Throughput is calls over the summed call time, so a long tail lowers it; read the p50 too.',
    articles.length === 0
      ? 'The seed article row is missing: shared/seeds was not found beside the repository.'
      : `Seed articles: the ${articles.length} files of shared/seeds.`,
  ],
});
