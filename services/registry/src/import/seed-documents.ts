// The carriers of the seed documents (seeds 000, 002, 003, 004), as the first start loads them.
import { readFileSync } from 'node:fs';
import type { NoticeMetadata } from '../domain/notice-import-plan.js';
import type { ParsedNotice } from '../domain/notice-rows.js';
import { centreOf } from '@shuangchuang/china-gazetteer';
import type { Coordinates, Location } from '../domain/carrier.js';
import { parseNoticeText } from './notice-text-parser.js';

/** MOST notice 国科发区〔2020〕73号 (seed 002): its list goes through the import like any notice. */
export const MOST_2020_73: NoticeMetadata = {
  title: '科技部关于第三批国家专业化众创空间备案示范的通知',
  issuer: '科技部',
  documentNumber: '国科发区〔2020〕73号',
  date: '2020-03-25',
  batch: '第三批',
  honorTitle: '国家专业化众创空间',
  honorLevel: 'national',
  carrierKind: 'specialized_maker_space',
};

const NOTICE_FILE = new URL(
  '../../seed-data/most-notice-2020-73-specialized-maker-spaces.txt',
  import.meta.url,
);

/** The list of seed 002, parsed as an imported notice text is. */
export function seedNotice(): ParsedNotice {
  return parseNoticeText(readFileSync(NOTICE_FILE, 'utf8'));
}

/**
 * The notice lists only provinces. The city of each operator (from its registration, public
 * record) lets the gazetteer place the 23 carriers at their city's centre rather than their
 * province's; the municipalities (天津, 上海) need none.
 */
export const NOTICE_OPERATOR_CITIES: Readonly<Record<string, string>> = {
  中国科学院大连化学物理研究所: '大连市',
  中国电子科技集团公司第五十八研究所: '无锡市',
  南京膜材料产业技术研究院: '南京市',
  中科院上海药物研究所苏州药物创新研究院: '苏州市',
  杭州海康威视数字技术股份有限公司: '杭州市',
  浙江众合科技股份有限公司: '杭州市',
  厦门钨业股份有限公司: '厦门市',
  威高集团有限公司: '威海市',
  山东博科生物产业有限公司: '济南市',
  山西华翔集团股份有限公司: '临汾市',
  郑州宇通集团有限公司: '郑州市',
  河南科隆集团有限公司: '新乡市',
  武汉智能装备工业技术研究院: '武汉市',
  武汉导航与位置服务工业技术研究院: '武汉市',
  湖南军民先进技术研究院: '长沙市',
  中国科学院深圳先进技术研究院: '深圳市',
  招商局重庆交通科研设计院: '重庆市',
  共享装备股份有限公司: '银川市',
  兰州兰石集团有限公司: '兰州市',
  云南省农业科学院: '昆明市',
};

/**
 * The location with coordinates: the given ones, else the centre of its most precise division
 * in the gazetteer (district, city or province), marked approximate.
 */
export function placed(location: Location): Location {
  if (location.coordinates) return location;
  const centre = centreOf(location);
  if (!centre) return location;
  const coordinates: Coordinates = { lng: centre.lng, lat: centre.lat, approximate: true };
  return { ...location, coordinates };
}

export interface SeedCarrier {
  /** local key, to link pipelines between seed carriers */
  key: string;
  input: Record<string, unknown>;
  honors: Array<Record<string, unknown>>;
  feedsInto?: string[];
}

const SHANDONG_SMALL_BUSINESS_AUTHORITY = '山东省工业和信息化厅';

/**
 * Carriers named in seeds 000 (德州), 003 (沂源县) and 004 (甘肃), with the honors the texts
 * give. Where a text names no operator, the carrier runs itself (type other); coordinates are
 * given where the contract example gives them, else placed by the gazetteer (`placed`).
 */
export const SEED_CARRIERS: SeedCarrier[] = [
  {
    key: 'qidi-dezhou',
    input: {
      kind: 'incubator',
      level: 'provincial',
      name: '启迪之星（德州）',
      aliases: ['啟迪之星（德州）'],
      operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
      location: {
        province: '山东省',
        city: '德州市',
        district: '德州经济技术开发区',
        coordinates: { lng: 116.3594, lat: 37.4355 },
      },
      focusIndustries: ['智能制造', '电子信息', '新能源', '高端装备制造', '生物技术', '新材料'],
      services: {
        basic: ['space_and_facilities', 'company_registration', 'policy_consultation'],
        professional: ['investment_financing', 'mentoring', 'talent_training'],
        valueAdded: ['industry_resources'],
      },
      statistics: { cumulativeIncubated: 150 },
      intake: { accepting: true },
    },
    honors: [
      { title: '国家级众创空间', level: 'national', issuer: '科技部' },
      {
        title: '2021年度国家中小企业公共服务示范平台',
        level: 'national',
        issuer: '工信部',
        year: 2021,
      },
      { title: '山东省科技企业孵化器', level: 'provincial', issuer: '山东省科学技术厅' },
      {
        title: '山东省小型微型企业创业创新示范基地',
        level: 'provincial',
        issuer: SHANDONG_SMALL_BUSINESS_AUTHORITY,
      },
      {
        title: '山东省中小企业公共服务示范平台',
        level: 'provincial',
        issuer: SHANDONG_SMALL_BUSINESS_AUTHORITY,
      },
    ],
  },
  {
    key: 'dezhou-hi-tech-centre',
    input: {
      kind: 'incubator',
      level: 'national',
      name: '德州市高新技术创业服务中心',
      operator: { name: '德州市高新技术创业服务中心', type: 'government' },
      location: { province: '山东省', city: '德州市' },
      intake: { accepting: true },
    },
    honors: [
      { title: '国家中小企业公共服务示范平台', level: 'national', issuer: '工信部' },
      {
        title: '2021年度国家小型微型企业创业创新示范基地',
        level: 'national',
        issuer: '工信部',
        year: 2021,
        awardedOn: '2021-11-18',
      },
    ],
    feedsInto: ['zhongyuan-park'],
  },
  {
    key: 'zhongyuan-park',
    input: {
      kind: 'science_park',
      level: 'national',
      name: '德州中元科技创新创业园',
      aliases: ['中元科技创新创业园'],
      operator: { name: '德州市高新技术创业服务中心', type: 'government' },
      location: { province: '山东省', city: '德州市', district: '德州东部城区' },
      focusIndustries: ['大数据', '集成电路', '新材料', '高端装备制造'],
      services: { basic: ['space_and_facilities'], professional: ['technology_rd'] },
      statistics: { areaSquareMeters: 289000 },
      intake: { accepting: true },
    },
    honors: [
      { title: '国家级科技企业孵化器', level: 'national', issuer: '科技部' },
      { title: '国家级小微企业双创基地', level: 'national', issuer: '工信部' },
      { title: '国家级中小企业公共服务平台', level: 'national', issuer: '工信部' },
      {
        title: '山东省小微企业创新创业示范基地',
        level: 'provincial',
        issuer: SHANDONG_SMALL_BUSINESS_AUTHORITY,
      },
    ],
  },
  {
    key: 'jiyouxian',
    input: {
      kind: 'maker_space',
      level: 'municipal',
      name: '极有鲜众创空间',
      operator: { name: '山东极有鲜电子商务有限公司', type: 'company' },
      location: { province: '山东省', city: '淄博市', district: '沂源县' },
      focusIndustries: ['电子商务'],
      services: {
        basic: ['space_and_facilities'],
        professional: ['talent_training', 'market_sales'],
      },
      statistics: { residentCompanies: 32 },
      intake: { accepting: true },
    },
    honors: [],
    feedsInto: ['luzhong-incubator'],
  },
  {
    key: 'jiangbei-ecommerce',
    input: {
      kind: 'maker_space',
      level: 'municipal',
      name: '江北特色农产品电商双创基地',
      operator: { name: '沂源新时代电子商务有限公司', type: 'company' },
      location: { province: '山东省', city: '淄博市', district: '沂源县' },
      focusIndustries: ['电子商务', '农产品'],
      statistics: { residentCompanies: 51 },
      intake: { accepting: true },
    },
    honors: [],
    feedsInto: ['luzhong-incubator'],
  },
  {
    key: 'luzhong-incubator',
    input: {
      kind: 'incubator',
      name: '鲁中高科创新创业特色示范园科技企业孵化器',
      operator: { name: '鲁中高科公司', type: 'company' },
      location: { province: '山东省', city: '淄博市', district: '沂源县' },
      focusIndustries: ['新材料', '新医药', '高端装备制造', '电子商务', '食品健康'],
      statistics: { areaSquareMeters: 5000 },
      intake: { accepting: false, requirements: '2022年完成平台整合后接收初创企业及创业团队' },
    },
    honors: [],
  },
  {
    key: 'gansu-hi-tech-centre',
    input: {
      kind: 'incubator',
      name: '甘肃省高科技创业服务中心',
      operator: { name: '甘肃省高科技创业服务中心', type: 'government' },
      location: { province: '甘肃省', city: '兰州市' },
      intake: { accepting: true },
    },
    honors: [],
  },
  {
    key: 'yinke-siyuan',
    input: {
      kind: 'incubator',
      name: '银科思远创业谷孵化基地',
      operator: { name: '银科思远创业谷孵化基地', type: 'other' },
      location: { province: '甘肃省' },
      statistics: { jobsCreated: 500 },
      intake: { accepting: true },
    },
    honors: [],
  },
  {
    key: 'silk-road-maker-home',
    input: {
      kind: 'maker_space',
      name: '丝路新世纪创客家园',
      operator: { name: '丝路新世纪创客家园', type: 'other' },
      location: { province: '甘肃省' },
      services: { professional: ['talent_training', 'mentoring'] },
      statistics: { jobsCreated: 1600, cumulativeIncubated: 400 },
      intake: { accepting: true },
    },
    honors: [],
  },
  {
    key: 'western-makers',
    input: {
      kind: 'maker_space',
      name: '西部创客',
      operator: { name: '西部创客', type: 'other' },
      location: { province: '甘肃省' },
      services: { valueAdded: ['internationalisation'] },
      intake: { accepting: true },
    },
    honors: [],
  },
];
