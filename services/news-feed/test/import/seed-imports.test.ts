import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareContent } from '../../src/domain/article-content.js';
import { readImportedDocument } from '../../src/import/document-import.js';
import { seed } from '../support/seeds.js';

// What each seed imported as before the cleaning step existed (written by the importer of that
// time, JSON): the seeds are clean documents, and they must import exactly as they did.
const BEFORE: Record<string, Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../fixtures/seed-imports-before-cleaning.json', import.meta.url), 'utf8'),
);

const imported = (number: string, format: 'html' | 'markdown' | 'text') => {
  const { content, report } = readImportedDocument({ format, content: seed(number) });
  return { content: JSON.parse(JSON.stringify(prepareContent(content))), report };
};

describe('the seeds import exactly as before the cleaning step', () => {
  it.each([
    ['000', 'html'],
    ['000', 'markdown'],
    ['003', 'text'],
    ['004', 'text'],
  ] as const)('seed %s as %s: the same draft, nothing to acknowledge', (number, format) => {
    const { content, report } = imported(number, format);
    expect(content).toEqual(BEFORE[`${number} ${format}`]);
    expect(report.warnings).toEqual([]);
    expect(report.droppedParagraphs.filter((d) => d.reason === 'repeated')).toEqual([]);
  });

  it('seed 002 (traditional): the same draft less the related-article teaser the page repeats', () => {
    const { content, report } = imported('002', 'text');
    const before = BEFORE['002 text']!;
    const repeatedTeaser =
      '<p>科技部關于第三批國家專業化眾創空間備案示范的通知國科發區〔2020〕73號各省、自治區、直轄市及計劃單列市科技廳(委、局),新疆生產建設兵團科技局:為進一步貫徹落實《國務院辦公廳關于加快眾創空間發展服......</p>';
    const body = before.bodyHtml as string;
    // the page lists the teaser twice; the first stays
    expect(body.split(repeatedTeaser)).toHaveLength(3);
    const second = body.lastIndexOf(repeatedTeaser);
    const withoutSecond = body.slice(0, second) + body.slice(second + repeatedTeaser.length);
    expect(content).toEqual({ ...before, bodyHtml: withoutSecond });
    expect(report.droppedParagraphs).toEqual([
      expect.objectContaining({
        reason: 'repeated',
        text: expect.stringMatching(/^科技部關于第三批/),
      }),
    ]);
    expect(report.warnings.map((w) => w.code)).toEqual(['mostly-traditional']);
  });
});
