import { describe, expect, it } from 'vitest';
import {
  awardHonor,
  checkPipelineLinks,
  createCarrier,
  retireCarrier,
  revokeHonor,
  updateCarrier,
  validateCarrierDraft,
  validateHonorInput,
} from '../../src/domain/carrier-rules.js';
import {
  CarrierRetiredError,
  CarrierValidationError,
  HonorNotFoundError,
  StaleVersionError,
} from '../../src/domain/errors.js';
import { inferOperatorType } from '../../src/domain/operator-type.js';
import { recogniseProvince } from '../../src/domain/provinces.js';

const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-02-01T00:00:00Z');

const qidiDezhou = {
  kind: 'incubator',
  level: 'provincial',
  name: '啟迪之星（德州）',
  operator: { name: '启迪之星（德州）孵化器有限公司', type: 'platform_company' },
  location: {
    province: '山东省',
    city: '德州市',
    coordinates: { lng: 116.3594, lat: 37.4355 },
  },
  focusIndustries: ['智能制造', '电子信息'],
  services: { basic: ['space_and_facilities'], professional: ['mentoring'] },
  statistics: { cumulativeIncubated: 150 },
  intake: { accepting: true },
};

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof CarrierValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a CarrierValidationError');
}

describe('validateCarrierDraft', () => {
  it('normalises the name to simplified characters and keeps the posted spelling as alias', () => {
    const draft = validateCarrierDraft(qidiDezhou);
    expect(draft.name).toBe('启迪之星（德州）');
    expect(draft.aliases).toEqual(['啟迪之星（德州）']);
    expect(draft.services).toEqual({
      basic: ['space_and_facilities'],
      professional: ['mentoring'],
      valueAdded: [],
    });
    expect(draft.pipelineNextCarrierIds).toEqual([]);
  });

  it('rejects coordinates outside China, naming the field', () => {
    const problems = problemsOf(() =>
      validateCarrierDraft({
        ...qidiDezhou,
        location: { province: '山东省', coordinates: { lng: 37.4355, lat: 116.3594 } },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['location.coordinates.lat']);
  });

  it('rejects coordinates that parse but lie outside China', () => {
    const problems = problemsOf(() =>
      validateCarrierDraft({
        ...qidiDezhou,
        location: { province: '山东省', coordinates: { lng: 2.35, lat: 48.85 } },
      }),
    );
    expect(problems).toEqual([
      {
        path: 'location.coordinates',
        message: 'coordinates lie outside China (GCJ-02 expected; are lng and lat swapped?)',
      },
    ]);
  });

  it('rejects unknown enum values, oversized fields and unknown provinces', () => {
    const problems = problemsOf(() =>
      validateCarrierDraft({
        ...qidiDezhou,
        kind: 'hackerspace',
        name: '空'.repeat(201),
        location: { province: '德州' },
        services: { basic: ['massage'] },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      'kind',
      'location.province',
      'name',
      'services.basic.0',
    ]);
  });

  it('rejects a demoBaseType on anything but a demo base, and impossible statistics', () => {
    const problems = problemsOf(() =>
      validateCarrierDraft({
        ...qidiDezhou,
        demoBaseType: 'regional',
        statistics: { cumulativeIncubated: 10, graduatedCompanies: 11, residentCompanies: 12 },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      'demoBaseType',
      'statistics.graduatedCompanies',
      'statistics.residentCompanies',
    ]);
  });

  it('rejects unknown properties instead of storing them', () => {
    const problems = problemsOf(() => validateCarrierDraft({ ...qidiDezhou, $where: '1' }));
    expect(problems[0]!.message).toMatch(/\$where/);
  });
});

describe('carrier lifecycle', () => {
  const created = createCarrier(validateCarrierDraft(qidiDezhou), 'c-1', now);
  const honor = validateHonorInput({
    title: '2021年度国家中小企业公共服务示范平台',
    level: 'national',
    issuer: '工信部',
    year: 2021,
  });

  it('starts active at version 1', () => {
    expect(created).toMatchObject({ id: 'c-1', version: 1, status: 'active', honors: [] });
  });

  it('bumps the version on update and refuses a stale one', () => {
    const draft = validateCarrierDraft({ ...qidiDezhou, focusIndustries: ['新能源'] });
    const updated = updateCarrier(created, draft, 1, later);
    expect(updated).toMatchObject({ version: 2, focusIndustries: ['新能源'] });
    expect(updated.updatedAt).toBe(later.toISOString());
    expect(() => updateCarrier(updated, draft, 1, later)).toThrow(StaleVersionError);
  });

  it('refuses a carrier that feeds itself', () => {
    const draft = validateCarrierDraft({ ...qidiDezhou, pipelineNextCarrierIds: ['c-1'] });
    expect(() => updateCarrier(created, draft, undefined, later)).toThrow(CarrierValidationError);
  });

  it('awards an honor once: the same honor again changes nothing', () => {
    const first = awardHonor(created, honor, 'h-1', undefined, later);
    expect(first.awarded).toBe(true);
    expect(first.carrier.version).toBe(2);
    const again = awardHonor(first.carrier, { ...honor }, 'h-2', undefined, later);
    expect(again.awarded).toBe(false);
    expect(again.carrier).toBe(first.carrier);
    expect(again.honor.honorId).toBe('h-1');
  });

  it('revokes an honor it holds and refuses one it does not', () => {
    const { carrier } = awardHonor(created, honor, 'h-1', undefined, later);
    const revoked = revokeHonor(carrier, 'h-1', 2, later);
    expect(revoked.carrier.honors).toEqual([]);
    expect(revoked.carrier.version).toBe(3);
    expect(() => revokeHonor(revoked.carrier, 'h-1', undefined, later)).toThrow(HonorNotFoundError);
  });

  it('retires: closes intake and freezes the carrier', () => {
    const retired = retireCarrier(created, 1, later);
    expect(retired).toMatchObject({ status: 'retired', version: 2, intake: { accepting: false } });
    expect(() => awardHonor(retired, honor, 'h-1', undefined, later)).toThrow(CarrierRetiredError);
  });

  it('checks pipeline links along the founder path', () => {
    const problems = checkPipelineLinks(
      { kind: 'accelerator' },
      [
        { id: 'n', kind: 'nursery', status: 'active' },
        undefined,
        { id: 'p', kind: 'science_park', status: 'active' },
      ],
      ['n', 'missing', 'p'],
    );
    expect(problems).toEqual([
      {
        path: 'pipelineNextCarrierIds.0',
        message: "a accelerator cannot feed a nursery, which comes earlier on the founder's path",
      },
      { path: 'pipelineNextCarrierIds.1', message: 'carrier missing does not exist' },
    ]);
  });
});

describe('vocabulary helpers', () => {
  it('recognises provinces in either script, short or full', () => {
    expect(recogniseProvince('遼寧')).toBe('辽宁省');
    expect(recogniseProvince('寧夏')).toBe('宁夏回族自治区');
    expect(recogniseProvince('广西壮族自治区')).toBe('广西壮族自治区');
    expect(recogniseProvince('重慶市')).toBe('重庆市');
    expect(recogniseProvince('德州')).toBeUndefined();
  });

  it('guesses the operator type from the last word of its name', () => {
    expect(inferOperatorType('中国电子科技集团公司第五十八研究所')).toBe('research_institute');
    expect(inferOperatorType('天津瑞普生物技术股份有限公司')).toBe('company');
    expect(inferOperatorType('沂源县人民政府')).toBe('government');
    expect(inferOperatorType('兰州大学')).toBe('university');
    expect(inferOperatorType('清华科技园')).toBe('other');
  });
});
