import { describe, expect, it } from 'vitest';
import { prepareContent } from '../../src/domain/article-content.js';
import { findMentions, mentionKeysOf, mentionTextOf } from '../../src/domain/carrier-mentions.js';
import { textOfHtml } from '../../src/domain/html-sanitiser.js';
import { readImportedDocument } from '../../src/import/document-import.js';
import { CORPUS_CARRIERS, MESSY_CORPUS } from '../fixtures/messy-corpus.js';
import { paragraphsOf } from '../support/paragraphs.js';

const registry = CORPUS_CARRIERS.map((carrier) => ({
  id: carrier.name,
  name: carrier.name,
  keys: mentionKeysOf({ name: carrier.name, aliases: carrier.aliases ?? [] }),
}));

describe(`a corpus of ${MESSY_CORPUS.length} documents as staff paste them`, () => {
  it('has at least 20 samples', () => expect(MESSY_CORPUS.length).toBeGreaterThanOrEqual(20));

  describe.each(MESSY_CORPUS)('$name', ({ format, content: pasted, expected }) => {
    const { content: input, report } = readImportedDocument({ format, content: pasted });
    const content = prepareContent(input);

    it('gives the clean title, body and date', () => {
      expect(content.title).toBe(expected.title);
      expect(paragraphsOf(content.bodyHtml)).toEqual(expected.paragraphs);
      expect(content.publishedAt?.toISOString()).toBe(expected.publishedAt);
      if (expected.outlet) expect(content.source?.outlet).toBe(expected.outlet);
      if (expected.author) expect(content.source?.author).toBe(expected.author);
    });

    it('mentions the carriers it names, and only those', () => {
      const text = mentionTextOf([content.title, content.summary, textOfHtml(content.bodyHtml)]);
      expect(
        findMentions(text, registry)
          .map((c) => c.name)
          .sort(),
      ).toEqual([...expected.carriers].sort());
    });

    it('reports what it cleaned and warns as it should', () => {
      expect(report.warnings.map((w) => w.code).sort()).toEqual(expected.warnings ?? []);
      const glosses = report.cleanups.find((c) => c.rule === 'reading-glosses')?.count ?? 0;
      expect(glosses).toBe(expected.glosses ?? 0);
      // what was guessed is marked so
      const title = report.fields.find((f) => f.field === 'title');
      expect(title?.value).toBe(expected.title);
      expect(title?.guessed).toBe(true);
      // no markup of the paste survives
      expect(content.bodyHtml).not.toMatch(/style=|class=|<span|<section|<o:p|data-src|mso-/);
    });
  });
});
