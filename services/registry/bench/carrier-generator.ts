import { createCarrier, validateCarrierDraft } from '../src/domain/carrier-rules.js';
import { toCarrierDocument } from '../src/data-access/carrier-documents.js';
import { newObjectIdHex } from '../src/data-access/carrier-store.js';
import type { CarrierDocument } from '../src/data-access/models.js';
import { CARRIER_KINDS, LEVELS, PROFESSIONAL_SERVICES } from '../src/domain/vocabulary.js';

// Cities with their province and an approximate centre (GCJ-02), to spread generated carriers.
const CITIES: Array<[string, string, number, number]> = [
  ['山东省', '青岛市', 120.38, 36.07],
  ['山东省', '德州市', 116.36, 37.44],
  ['山东省', '济南市', 117.0, 36.67],
  ['甘肃省', '兰州市', 103.83, 36.06],
  ['江苏省', '南京市', 118.8, 32.06],
  ['江苏省', '苏州市', 120.59, 31.3],
  ['浙江省', '杭州市', 120.16, 30.28],
  ['广东省', '深圳市', 114.06, 22.54],
  ['广东省', '广州市', 113.26, 23.13],
  ['北京市', '北京市', 116.4, 39.9],
  ['上海市', '上海市', 121.47, 31.23],
  ['湖北省', '武汉市', 114.3, 30.59],
  ['四川省', '成都市', 104.07, 30.67],
  ['天津市', '天津市', 117.2, 39.12],
  ['河南省', '郑州市', 113.62, 34.75],
  ['云南省', '昆明市', 102.83, 24.88],
];
const DISTRICTS = ['高新区', '经开区', '市南区', '城阳区', '滨海新区', '未来科技城', '大学城'];
const INDUSTRIES = [
  '人工智能',
  '集成电路',
  '生物医药',
  '新材料',
  '新能源',
  '智能制造',
  '电子商务',
  '医疗器械',
  '现代农业',
  '文化创意',
  '大数据',
  '网络安全',
];
const SUFFIX: Record<string, string> = {
  maker_space: '众创空间',
  specialized_maker_space: '专业化众创空间',
  incubator: '科技企业孵化器',
  accelerator: '加速器',
  science_park: '科技园',
  university_science_park: '大学科技园',
  nursery: '创业苗圃',
  demo_base: '双创示范基地',
};

/** Deterministic pseudo-random numbers, so every run benchmarks the same registry. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/** `count` plausible carriers as stored documents (names, operators, places, honors, keys). */
export function generateCarrierDocuments(count: number, seed = 42): CarrierDocument[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const documents: CarrierDocument[] = [];
  const start = Date.parse('2015-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const [province, city, lng, lat] = pick(CITIES);
    const district = pick(DISTRICTS);
    const industry = pick(INDUSTRIES);
    const kind = pick(CARRIER_KINDS);
    const cityShort = city.replace(/市$/, '');
    const draft = validateCarrierDraft({
      kind,
      ...(kind === 'demo_base' && { demoBaseType: 'regional' }),
      level: pick(LEVELS),
      name: `${cityShort}${district}${industry}${SUFFIX[kind]}${i}号`,
      operator: { name: `${cityShort}${industry}科技发展有限公司${i % 500}`, type: 'company' },
      location: {
        province,
        city,
        district,
        coordinates: {
          lng: Math.round((lng + (random() - 0.5) * 0.6) * 1e4) / 1e4,
          lat: Math.round((lat + (random() - 0.5) * 0.6) * 1e4) / 1e4,
        },
      },
      focusIndustries: [industry, pick(INDUSTRIES)].filter((v, k, all) => all.indexOf(v) === k),
      services: { basic: ['space_and_facilities'], professional: [pick(PROFESSIONAL_SERVICES)] },
      statistics: { residentCompanies: Math.floor(random() * 80) },
      intake: { accepting: random() < 0.6 },
    });
    const createdAt = new Date(start + Math.floor(random() * 3.5e11));
    const carrier = createCarrier(draft, newObjectIdHex(), createdAt);
    if (random() < 0.3) {
      carrier.honors.push({
        honorId: `h${i}`,
        title: random() < 0.5 ? '国家级科技企业孵化器' : '省级众创空间',
        level: 'national',
        issuer: '科技部',
      });
    }
    documents.push(toCarrierDocument(carrier));
  }
  return documents;
}

const CITY_PINYIN = [
  'qingdao',
  'dezhou',
  'jinan',
  'lanzhou',
  'nanjing',
  'suzhou',
  'hangzhou',
  'shenzhen',
  'guangzhou',
  'beijing',
  'shanghai',
  'wuhan',
  'chengdu',
  'tianjin',
  'zhengzhou',
  'kunming',
];

/**
 * `count` distinct search paths (GET /api/registry/carriers?…) of the shapes the mix uses —
 * Chinese, pinyin, text + kind, filters only, distance sort, industry + newest — over the
 * generated registry's vocabulary, shuffled deterministically. Asked in turn, more of them than
 * the service's answer cache holds, every search is computed.
 */
export function generateSearchPaths(count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const seen = new Set<string>();
  const paths: string[] = [];
  for (let attempts = 0; paths.length < count && attempts < count * 50; attempts++) {
    const [province, city, lng, lat] = pick(CITIES);
    const cityShort = city.replace(/市$/, '');
    const cityPinyin = CITY_PINYIN[CITIES.findIndex(([, c]) => c === city)]!;
    const industry = pick(INDUSTRIES);
    const params = new URLSearchParams();
    switch (Math.floor(random() * 6)) {
      case 0:
        params.set('q', `${cityShort}${pick(DISTRICTS)}${industry}`);
        break;
      case 1:
        params.set('q', random() < 0.5 ? cityPinyin : `${cityPinyin} ${pick(DISTRICTS)}`);
        break;
      case 2:
        params.set('q', `${cityShort}${industry}`);
        params.set('kind', pick(CARRIER_KINDS));
        break;
      case 3:
        params.set('province', province.replace(/[省市]$/, ''));
        params.set('level', pick(LEVELS));
        params.set('accepting', String(random() < 0.5));
        break;
      case 4:
        params.set('q', industry);
        params.set('sort', 'distance');
        params.set(
          'near',
          `${(lng + (random() - 0.5)).toFixed(2)},${(lat + (random() - 0.5)).toFixed(2)}`,
        );
        break;
      default:
        params.set('industry', industry);
        params.set('sort', 'newest');
        params.set('limit', String(5 + Math.floor(random() * 20)));
        params.set('city', city);
    }
    const path = `/api/registry/carriers?${params}`;
    if (!seen.has(path)) {
      seen.add(path);
      paths.push(path);
    }
  }
  return paths;
}
