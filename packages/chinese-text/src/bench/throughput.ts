/**
 * Prints throughput of the search-key pipeline: `npm run bench` (after `npm run build`).
 * Figures only, no assertions. Each measurement runs for about a second after 50 warm-up calls;
 * on a shared machine the p99 mostly shows what else is running.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeQuery, buildSearchKeys, scoreMatch, warmUp, type SearchField } from '../index.js';

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
function measure(work: (i: number) => void, ms = 1000): number[] {
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

function report(label: string, durations: number[], extra = ''): void {
  const total = durations.reduce((sum, d) => sum + d, 0);
  const at = (q: number) =>
    durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  console.log(
    `${label.padEnd(34)} ${String(Math.round((durations.length / total) * 1e6)).padStart(8)} /s` +
      `   p50 ${at(0.5).toFixed(0).padStart(6)} µs   p99 ${at(0.99).toFixed(0).padStart(6)} µs` +
      `   n=${durations.length}${extra}`,
  );
}

const coldStart = performance.now();
warmUp();
console.log(`warmUp (dictionaries loaded)        ${(performance.now() - coldStart).toFixed(0)} ms`);

/** Average and largest number of keys over some documents. */
function keyStats(documents: SearchField[][]): string {
  const counts = documents.map((fields) => buildSearchKeys(fields).length);
  const average = counts.reduce((sum, count) => sum + count, 0) / counts.length;
  return `   keys avg ${average.toFixed(0)} max ${Math.max(...counts)}`;
}

const sampleCarriers = Array.from({ length: 200 }, (_, i) => carrierFields(i));
report(
  'buildSearchKeys carrier',
  measure((i) => buildSearchKeys(carrierFields(i))),
  keyStats(sampleCarriers),
);

const articles = seedArticles();
if (articles.length > 0) {
  const durations = measure((i) => buildSearchKeys(articles[i % articles.length]));
  report('buildSearchKeys seed article', durations, keyStats(articles));
} else {
  console.log(
    'buildSearchKeys seed article       skipped: shared/seeds not found beside the repository',
  );
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
report(
  'analyzeQuery',
  measure((i) => analyzeQuery(QUERIES[i % QUERIES.length])),
);
report(
  'analyzeQuery prefix',
  measure((i) => analyzeQuery(QUERIES[i % QUERIES.length], { prefix: true })),
);

const analyzed = QUERIES.map((query) => analyzeQuery(query));
report(
  'scoreMatch carrier (3 fields)',
  measure((i) => scoreMatch(analyzed[i % analyzed.length], carrierFields(i))),
);

// A broad query on a registry of 10,000: rank 1,000 candidates (their profiles cached after the
// first pass, as in a running service).
const candidates = Array.from({ length: 1000 }, (_, i) => carrierFields(i));
report(
  'scoreMatch 1,000 candidates',
  measure((i) => {
    const query = analyzed[i % analyzed.length];
    for (const fields of candidates) scoreMatch(query, fields);
  }, 3000),
);
