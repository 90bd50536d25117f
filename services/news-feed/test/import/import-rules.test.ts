import { describe, expect, it } from 'vitest';
import { carrierLikeNames } from '../../src/domain/carrier-mentions.js';
import {
  contentFingerprint,
  fingerprintBands,
  fingerprintSimilarity,
  PROBABLE_DUPLICATE_SIMILARITY,
} from '../../src/domain/content-fingerprint.js';
import { reducePastedHtml } from '../../src/domain/html-sanitiser.js';
import { findMetadata } from '../../src/import/article-metadata.js';
import { CleanupLog, cleanPastedHtml, cleanPastedText } from '../../src/import/import-cleaning.js';
import { barePageNumbers, debrisKindOf, runningHeaders } from '../../src/import/page-debris.js';
import { seed } from '../support/seeds.js';

describe('page debris', () => {
  it.each([
    ['点击上方蓝字关注我们', 'follow-prompt'],
    ['▲点击上方“德州双创”关注我们', 'follow-prompt'],
    ['點擊上方藍字關注我們', 'follow-prompt'],
    ['长按识别二维码关注我们', 'follow-prompt'],
    ['阅读原文', 'read-original'],
    ['点击阅读原文报名', 'read-original'],
    ['分享 收藏 点赞 在看', 'share-footer'],
    ['阅读 1024 赞 12', 'share-footer'],
    ['点个在看你最好看', 'share-footer'],
    ['预览时标签不可点', 'share-footer'],
    ['[图片]', 'image-placeholder'],
    ['图片', 'image-placeholder'],
    ['微信图片_20230512.jpg', 'image-placeholder'],
    ['— 3 —', 'page-number'],
    ['- 12 -', 'page-number'],
    ['第 3 页 共 12 页', 'page-number'],
    ['3 / 12', 'page-number'],
    ['首页 > 通知公告 > 工作动态', 'page-navigation'],
    ['【打印本页】【关闭窗口】', 'page-navigation'],
    ['字号：大 中 小', 'page-navigation'],
  ])('%s is %s', (line, kind) => expect(debrisKindOf(line)).toBe(kind));

  it.each([
    '请点击阅读原文了解孵化器的申报条件和流程，截止日期为六月底。',
    '关注我们的创业者可在后台留言。报名截止日期为六月底，名额有限。',
    '分享经济',
    '找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！',
    '12',
    '图片来源：德州市科技局',
  ])('%s is text', (line) => expect(debrisKindOf(line)).toBeUndefined());

  it('bare numbers are page numbers only when they count up pages apart, with the headers beside them', () => {
    const page = (n: number) => ['甲', '乙', '丙', '丁', '戊'].map((c) => `${c}${n}`);
    const lines = [
      '某某局文件',
      ...page(1),
      '1',
      '某某局文件',
      ...page(2),
      '2',
      '某某局文件',
      ...page(3),
    ];
    const numbers = barePageNumbers(lines);
    expect([...numbers]).toEqual([6, 13]);
    expect([...runningHeaders(lines, numbers)]).toEqual([7, 14]);
    // a table column of numbers is not
    expect(barePageNumbers(['序号', '1', '2', '3']).size).toBe(0);
    expect(runningHeaders(['某某局文件', '正文', '某某局文件'], new Set()).size).toBe(0);
  });
});

describe('metadata of a document without front matter', () => {
  it('reads 来源/作者/发布时间 lines and takes them out of the body', () => {
    const found = findMetadata([
      '孵化器举办路演',
      '发布时间：2022-09-15 10:00 来源：青岛市科学技术局 作者：孙磊',
      '正文第一段。',
    ]);
    expect(found.publishedAt).toMatchObject({ rule: 'labelled-line', guessed: false });
    expect(found.publishedAt?.value.toISOString()).toBe('2022-09-15T02:00:00.000Z');
    expect(found.outlet?.value).toBe('青岛市科学技术局');
    expect(found.author?.value).toBe('孙磊');
    expect(found.title).toMatchObject({
      value: '孵化器举办路演',
      rule: 'first-short-line',
      guessed: true,
    });
    expect([...found.consumed].sort()).toEqual([0, 1]);
  });

  it('takes a 《》 headline, else the first short line, else a first clause of at most 60 characters', () => {
    expect(findMetadata(['《苗圃首批学员结业》', '正文。']).title?.value).toBe('苗圃首批学员结业');
    const long = `近日，${'某某'.repeat(40)}举办活动，六十余人参加。`;
    expect(findMetadata([long]).title).toMatchObject({ rule: 'first-clause' });
    expect([...findMetadata([long]).title!.value]).toHaveLength(60);
    expect(findMetadata(['近日，启迪之星（德州）举办路演，十二支团队参加。']).title?.value).toBe(
      '近日，启迪之星（德州）举办路演',
    );
  });

  it('dates: a dateline, a signature, 3月5日 with the year of the text, 二〇一九年三月五日', () => {
    const at = (lines: string[]) => findMetadata(lines).publishedAt;
    expect(at(['标题', '原创 张三 某某双创 2019-03-05 08:30', '正文。'])).toMatchObject({
      rule: 'dateline',
    });
    expect(at(['标题', '正文。', '某某局', '二〇一九年三月五日'])?.value.toISOString()).toBe(
      '2019-03-04T16:00:00.000Z',
    );
    expect(at(['标题', '3月5日举办。', '这是2021年度第一场。'])?.value.toISOString()).toBe(
      '2021-03-04T16:00:00.000Z',
    );
    expect(at(['标题', '3月5日举办。'])).toBeUndefined();
  });
});

describe('pasted HTML reduced by the sanitizer', () => {
  it('drops Word and WeChat markup, keeps structure, images from data-src', () => {
    const html = reducePastedHtml(
      `<!--[if gte mso 9]><xml><w:x/></xml><![endif]--><div class=WordSection1><p class=MsoTitle style='mso-x:1'>题<o:p></o:p></p>` +
        `<section style="x"><section><span style="c">段</span></section><p><img data-src="https://mmbiz.qpic.cn/a.png" src="data:image/gif;base64,x"></p></section>` +
        `<ruby>孵<rt>fū</rt></ruby><font color=red>化</font><img src="data:image/png;base64,x"></div>`,
    );
    expect(html).not.toMatch(/style|class|mso|o:p|<span|<font|<rt|data:|xml/);
    expect(html).toContain('<h2>题</h2>');
    expect(html).toContain('<img src="https://mmbiz.qpic.cn/a.png" />');
  });

  it('cleans blocks: sections flattened, glosses across markup, empty paragraphs, list numbers as text', () => {
    const log = new CleanupLog();
    const html = cleanPastedHtml(
      `<section><section><p>累计孵</p></section></section><p><b>孵</b>(fū)化器</p><p>&nbsp;</p><p><br></p>` +
        `<p class=MsoListParagraph><![if !supportLists]><span style='mso-list:Ignore'>一、<span>&nbsp;&nbsp;</span></span><![endif]>申报条件</p>`,
      log,
    ).html();
    expect(html).toBe('<p>累计孵</p><p><b>孵</b>化器</p><p>一、申报条件</p>');
    expect(log.cleanups()).toEqual(
      expect.arrayContaining([
        { rule: 'reading-glosses', count: 1, examples: ['孵(fū)'] },
        { rule: 'empty-paragraphs', count: 2 },
      ]),
    );
  });

  it('leaves clean HTML as it was (seed 000)', () => {
    const log = new CleanupLog();
    cleanPastedHtml(seed('000').slice(seed('000').indexOf('<div>')), log);
    expect(log.cleanups()).toEqual([]);
    expect(log.dropped).toEqual([]);
  });
});

describe('content fingerprint', () => {
  const article =
    '5月10日，启迪之星（德州）在德州经济技术开发区举办“双创周”项目路演，十二支创业团队登台展示。路演现场，来自济南和青岛的投资机构对智能制造、新材料项目给出了点评建议。据介绍，孵化器今年已为入驻企业对接融资超过三千万元。';

  it('is the same for a copy in traditional characters, another punctuation or spacing', () => {
    const fingerprint = contentFingerprint(article)!;
    expect(fingerprint).toMatch(/^[0-9a-f]{512}$/);
    expect(
      contentFingerprint(
        '5月10日,啟迪之星(德州)在德州經濟技術開發區舉辦"雙創周"項目路演,十二支創業團隊登台展示. 路演現場,來自濟南和青島的投資機構對智能製造、新材料項目給出了點評建議.據介紹,孵化器今年已為入駐企業對接融資超過三千萬元.',
      ),
    ).toBe(fingerprint);
  });

  it('is alike for a copy with a sentence more, unlike for another article; alike ones share a band', () => {
    const fingerprint = contentFingerprint(article)!;
    const edited = contentFingerprint(`${article}活动由德州市科技局指导。`)!;
    expect(fingerprintSimilarity(fingerprint, edited)).toBeGreaterThanOrEqual(
      PROBABLE_DUPLICATE_SIMILARITY,
    );
    expect(
      fingerprintBands(edited).some((band) => fingerprintBands(fingerprint).includes(band)),
    ).toBe(true);
    const other = contentFingerprint(
      '为帮助返乡青年掌握直播带货技能，沂源县极有鲜众创空间近日举办为期三天的电商直播培训班，六十余名学员参加。培训围绕选品、脚本策划和流量运营展开。',
    )!;
    expect(fingerprintSimilarity(fingerprint, other)).toBeLessThan(0.2);
    expect(
      fingerprintBands(other).some((band) => fingerprintBands(fingerprint).includes(band)),
    ).toBe(false);
    expect(contentFingerprint('太短了')).toBeUndefined();
  });
});

describe('names that look like carriers', () => {
  it('finds proper names before a carrier word, not kinds of carrier', () => {
    expect(carrierLikeNames('4月8日，苏州星河湾众创空间开启年度入驻招募。')).toEqual([
      '苏州星河湾众创空间',
    ]);
    expect(carrierLikeNames('我省认定省级众创空间共145家，国家级科技企业孵化器共12家。')).toEqual(
      [],
    );
    expect(carrierLikeNames('做好专业化众创空间的建设示范，推动大学科技园发展。')).toEqual([]);
    expect(carrierLikeNames('啟迪之星（德州）孵化器')).toEqual(['启迪之星(德州)孵化器']);
  });
});

describe('cleaning a pasted text', () => {
  it('reports the dropped paragraphs by line, with what they repeat', () => {
    const log = new CleanupLog();
    const text = cleanPastedText(
      '标题\n点击上方蓝字关注我们\n第一段说了一件很长很长的事情，足够二十个字。\n第一段说了一件很长很长的事情，足够二十个字。\n阅读原文',
      log,
    );
    expect(text).toBe('标题\n第一段说了一件很长很长的事情，足够二十个字。');
    expect(log.dropped).toEqual([
      { position: 2, text: '点击上方蓝字关注我们', reason: 'follow-prompt' },
      { position: 5, text: '阅读原文', reason: 'read-original' },
      {
        position: 4,
        text: '第一段说了一件很长很长的事情，足够二十个字。',
        reason: 'repeated',
        repeats: 3,
      },
    ]);
  });
});
