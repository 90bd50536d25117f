import { describe, expect, it } from 'vitest';
import { createCarrier, awardHonor, validateCarrierDraft } from '../../src/domain/carrier-rules.js';
import type { Carrier } from '../../src/domain/carrier.js';
import { planNoticeImport } from '../../src/domain/notice-import-plan.js';
import { parseNoticeText } from '../../src/import/notice-text-parser.js';
import { MOST_2020_73, seedNotice } from '../../src/import/seed-documents.js';

// the notice of seed 002 (国科发区〔2020〕73号) and its list, as the first start imports them
const notice = MOST_2020_73;
const now = new Date('2026-01-01T00:00:00Z');

function existingCarrier(id: string, name: string, operatorName: string): Carrier {
  const draft = validateCarrierDraft({
    kind: 'specialized_maker_space',
    name,
    operator: { name: operatorName, type: 'company' },
    location: { province: '甘肃省' },
  });
  return createCarrier(draft, id, now);
}

describe('planNoticeImport', () => {
  const parsed = seedNotice();

  it('creates all 23 carriers of seed 002 on an empty registry, with the honor of the notice', () => {
    const plan = planNoticeImport(parsed, notice, []);
    expect(plan.applicable).toBe(true);
    expect(plan.summary).toEqual({
      rows: 23,
      matched: 0,
      created: 23,
      honorsToAward: 23,
      unchanged: 0,
      ambiguous: 0,
      unparseable: 0,
    });
    expect(plan.honor).toEqual({
      title: '国家专业化众创空间',
      level: 'national',
      issuer: '科技部',
      documentNumber: '国科发区〔2020〕73号',
      batch: '第三批',
      year: 2020,
      awardedOn: '2020-03-25',
    });
    const first = plan.entries[0]!;
    expect(first.outcome).toBe('created');
    if (first.outcome !== 'created') return;
    expect(first.draft).toMatchObject({
      kind: 'specialized_maker_space',
      level: 'national',
      name: '兽用生物制品国家专业化众创空间',
      aliases: ['獸用生物制品國家專業化眾創空間'],
      operator: { name: '天津瑞普生物技术股份有限公司', type: 'company' },
      location: { province: '天津市' },
      focusIndustries: ['兽用生物制品'],
    });
    // every created draft passes the same rules as a staff-written one
    for (const entry of plan.entries) {
      if (entry.outcome === 'created') expect(validateCarrierDraft(entry.draft)).toBeTruthy();
    }
    const institute = plan.entries.find(
      (e) => e.outcome === 'created' && e.row.sequence === 23,
    ) as Extract<(typeof plan.entries)[number], { outcome: 'created' }>;
    expect(institute.draft.operator.type).toBe('research_institute');
  });

  it('matches an existing carrier by normalised name and operator, whatever the script', () => {
    const lanshi = existingCarrier(
      'c-lanshi',
      '能源装备国家专业化众创空间',
      '蘭州蘭石集團有限公司',
    );
    const plan = planNoticeImport(parsed, notice, [lanshi]);
    const row22 = plan.entries.find((e) => e.line === 35);
    expect(row22).toMatchObject({
      outcome: 'matched',
      carrierId: 'c-lanshi',
      honorAlreadyHeld: false,
    });
    expect(plan.summary).toMatchObject({ matched: 1, created: 22, honorsToAward: 23 });
  });

  it('plans nothing to award when every carrier already holds the honor (re-import)', () => {
    const first = planNoticeImport(parsed, notice, []);
    const registry = first.entries.map((entry, i) => {
      if (entry.outcome !== 'created') throw new Error('expected created');
      const carrier = createCarrier(entry.draft, `c-${i}`, now);
      return awardHonor(carrier, first.honor, `h-${i}`, undefined, now).carrier;
    });
    const again = planNoticeImport(parsed, notice, registry);
    expect(again.summary).toMatchObject({
      matched: 23,
      created: 0,
      honorsToAward: 0,
      unchanged: 23,
    });
    expect(again.applicable).toBe(true);
  });

  it('calls a row ambiguous when the name exists under another operator', () => {
    const other = existingCarrier('c-other', '能源装备国家专业化众创空间', '另一家公司');
    const plan = planNoticeImport(parsed, notice, [other]);
    expect(plan.entries.find((e) => e.line === 35)).toMatchObject({
      outcome: 'ambiguous',
      candidateIds: ['c-other'],
      reason:
        'carriers named 能源装备国家专业化众创空间 exist but are run by 另一家公司, not 兰州兰石集团有限公司',
    });
    expect(plan.applicable).toBe(false);
  });

  it('calls a row ambiguous when two carriers share its name and operator', () => {
    const a = existingCarrier('c-a', '能源装备国家专业化众创空间', '兰州兰石集团有限公司');
    const b = existingCarrier('c-b', '能源裝備國家專業化眾創空間', '兰州兰石集团有限公司');
    const plan = planNoticeImport(parsed, notice, [a, b]);
    expect(plan.entries.find((e) => e.line === 35)).toMatchObject({
      outcome: 'ambiguous',
      candidateIds: ['c-a', 'c-b'],
    });
  });

  it('reports a carrier listed twice in one notice', () => {
    const text = '序号|省份|名称|依托主体\n1|北京|甲众创空间|甲公司\n2|北京|甲眾創空間|甲公司';
    const plan = planNoticeImport(parseNoticeText(text), notice, []);
    expect(plan.entries[1]).toMatchObject({
      outcome: 'unparseable',
      line: 3,
      reason: 'the same carrier is already listed on line 2',
    });
    expect(plan.applicable).toBe(false);
  });
});
