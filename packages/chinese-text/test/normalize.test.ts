import { describe, expect, it } from 'vitest';
import {
  normalizeDocumentNumber,
  normalizeOrganisationName,
  normalizeText,
  toSimplified,
  toTraditional,
} from '../src/index.js';
import { readSeed, specializedMakerSpaces } from './fixtures/seeds.js';

describe('normalizeText', () => {
  it('turns full-width Latin, digits and punctuation into ASCII', () => {
    expect(normalizeText('ＡＢＣ１２３（德州），：；！？')).toBe('ABC123(德州),:;!?');
  });

  it('keeps Chinese punctuation that has no ASCII form', () => {
    expect(normalizeText('国科发区〔2020〕73号《通知》“双创”、。')).toBe(
      '国科发区〔2020〕73号《通知》“双创”、。',
    );
  });

  it('can keep full-width punctuation for text that is shown', () => {
    expect(
      normalizeText('ＡＢＣ１２３　啟迪之星（德州），國科發區〔2020〕73號', {
        punctuation: 'keep',
      }),
    ).toBe('ABC123 启迪之星（德州），国科发区〔2020〕73号');
  });

  it('converts traditional to simplified unless asked not to', () => {
    expect(normalizeText('科技部關于第三批國家專業化眾創空間備案示范的通知')).toBe(
      '科技部关于第三批国家专业化众创空间备案示范的通知',
    );
    expect(normalizeText('青島', { simplify: false })).toBe('青島');
  });

  it('collapses spaces, keeps line breaks, drops invisible and control characters', () => {
    expect(normalizeText('  启迪\u200B之星\u3000\u3000（德州）\t\r\n 第二行 \u0007')).toBe(
      '启迪之星 (德州)\n第二行',
    );
  });

  it('maps compatibility ideographs and Kangxi radicals left by PDF extraction', () => {
    expect(normalizeText('\u2F47\u2F49')).toBe('日月');
  });

  it('normalises the whole of seed 002 to simplified text', () => {
    const text = normalizeText(readSeed('002'));
    expect(text).toContain('国科发区〔2020〕73号');
    expect(text).toContain('兰州兰石集团有限公司');
    expect(text).not.toMatch(/[國發區專業眾蘭]/);
  });
});

describe('toSimplified / toTraditional', () => {
  it('reads Taiwan and Hong Kong variant forms', () => {
    expect(toSimplified('啟迪 啓迪 衞生 衛生 臺灣')).toBe('启迪 启迪 卫生 卫生 台湾');
  });

  it('converts simplified to standard, Taiwan or Hong Kong traditional', () => {
    expect(toTraditional('青岛高新区')).toBe('青島高新區');
    expect(toTraditional('启迪')).toBe('啓迪');
    expect(toTraditional('启迪', 'tw')).toBe('啟迪');
    expect(toSimplified(toTraditional('国家专业化众创空间', 'hk'))).toBe('国家专业化众创空间');
  });
});

describe('normalizeOrganisationName', () => {
  it('unifies brackets, spaces and scripts', () => {
    const key = normalizeOrganisationName('启迪之星（德州）');
    expect(normalizeOrganisationName('啟迪之星 (德州)')).toBe(key);
    expect(normalizeOrganisationName('启迪之星【德州】')).toBe(key);
    expect(normalizeOrganisationName(' 启 迪 之 星 ［德州］')).toBe(key);
    expect(key).toBe('启迪之星(德州)');
  });

  it('drops quotes and title marks, unifies dashes, lower-cases Latin', () => {
    expect(normalizeOrganisationName('“双创”TusStar—基地')).toBe('双创tusstar-基地');
  });

  it('keeps legal forms apart', () => {
    expect(normalizeOrganisationName('天津渤海化工集团有限责任公司')).not.toBe(
      normalizeOrganisationName('天津渤海化工集团有限公司'),
    );
  });

  it('matches every seed 002 operator written in simplified characters', () => {
    const simplified = [
      '天津瑞普生物技术股份有限公司',
      '中国宝武钢铁集团有限公司',
      '兰州兰石集团有限公司',
    ];
    const operators = specializedMakerSpaces().map((row) =>
      normalizeOrganisationName(row.operator),
    );
    for (const name of simplified) expect(operators).toContain(normalizeOrganisationName(name));
  });
});

describe('normalizeDocumentNumber', () => {
  it('puts the year in 〔〕 whatever brackets were typed', () => {
    for (const written of [
      '國科發區〔2020〕73號',
      '国科发区[2020]73号',
      '国科发区【2020】73号',
      '国科发区（2020）73号',
      '国科发区 ［2020］ 73 号',
    ]) {
      expect(normalizeDocumentNumber(written)).toBe('国科发区〔2020〕73号');
    }
  });

  it('leaves brackets that do not hold a year', () => {
    expect(normalizeDocumentNumber('源政办字(2021)47号')).toBe('源政办字〔2021〕47号');
    expect(normalizeDocumentNumber('附件(一)')).toBe('附件(一)');
  });
});

describe('finding a carrier mentioned in an article', () => {
  it('works with the organisation-name key on both sides', () => {
    const article = readSeed('000');
    const mentions = (name: string) =>
      normalizeOrganisationName(article).includes(normalizeOrganisationName(name));
    expect(mentions('启迪之星（德州）')).toBe(true);
    expect(mentions('啟迪之星 (德州)')).toBe(true);
    expect(mentions('德州市高新技术创业服务中心')).toBe(true);
    expect(mentions('青岛高新区创业服务中心')).toBe(false);
  });
});
