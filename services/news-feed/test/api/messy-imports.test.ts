import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_CARRIERS, MESSY_CORPUS, RE_PASTED_FIRST_SAMPLE } from '../fixtures/messy-corpus.js';
import { paragraphsOf } from '../support/paragraphs.js';
import {
  idempotencyKey,
  startNewsFeedHarness,
  type NewsFeedHarness,
} from '../support/news-feed-harness.js';

// The corpus of messy documents through POST /editorial/imports and the editorial workflow,
// against the embedded broker and database: cleaned drafts with their reports, warnings the chief
// editor must acknowledge, search by carriers and places, duplicates flagged.

let h: NewsFeedHarness;
let editor: string;
let chief: string;
const carrierIds = new Map<string, string>();
const drafts: any[] = [];
const published: any[] = [];

const codes = (warnings: { code: string }[] | undefined) =>
  (warnings ?? []).map((w) => w.code).sort();

async function importDocument(body: object, key = idempotencyKey()) {
  return h.call('POST', '/editorial/imports', { token: editor, body, headers: key });
}

beforeAll(async () => {
  h = await startNewsFeedHarness();
  editor = await h.token('editor-1', ['editor']);
  chief = await h.token('chief-1', ['chief-editor']);
  for (const [i, carrier] of CORPUS_CARRIERS.entries()) {
    const carrierId = `6660c0ffee00000000${String(i).padStart(6, '0')}`;
    carrierIds.set(carrier.name, carrierId);
    await h.publishCarrier({ carrierId, version: 1, name: carrier.name, aliases: carrier.aliases });
  }
  for (const carrierId of carrierIds.values()) await h.carrierVersion(carrierId, 1);
  for (const sample of MESSY_CORPUS) {
    const response = await importDocument({ format: sample.format, content: sample.content });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    drafts.push(response.body);
  }
}, 240_000);
afterAll(async () => h?.stop());

describe('POST /editorial/imports with the messy corpus', () => {
  it('every draft is clean: title, body, date, carriers linked', () => {
    for (const [i, { expected }] of MESSY_CORPUS.entries()) {
      const draft = drafts[i];
      expect(draft.title).toBe(expected.title);
      expect(paragraphsOf(draft.bodyHtml)).toEqual(expected.paragraphs);
      expect(draft.publishedAt).toBe(expected.publishedAt);
      expect(draft.mentionedCarriers.map((c: any) => c.name).sort()).toEqual(
        [...expected.carriers].sort(),
      );
      expect(draft.mentionedCarriers.map((c: any) => c.id).sort()).toEqual(
        expected.carriers.map((name) => carrierIds.get(name)).sort(),
      );
    }
  });

  it('each draft carries its import report, the same when read back', async () => {
    for (const draft of drafts) {
      expect(draft.importReport).toMatchObject({
        format: expect.any(String),
        cleanups: expect.any(Array),
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'title', guessed: true }),
        ]),
      });
      const read = await h.call('GET', `/editorial/articles/${draft.id}`, { token: chief });
      expect(read.body.importReport).toEqual(draft.importReport);
      expect(read.body.openWarnings).toEqual(draft.openWarnings);
    }
  });

  it('warns of what needs a look: the document’s own warnings, and carrier-like names no carrier answers', () => {
    for (const [i, { expected }] of MESSY_CORPUS.entries()) {
      const carrierWarning = expected.carriers.length === 0 ? ['carriers-not-found'] : [];
      expect(codes(drafts[i].openWarnings), MESSY_CORPUS[i]!.name).toEqual(
        [...(expected.warnings ?? []), ...carrierWarning].sort(),
      );
    }
    const unknown = drafts[MESSY_CORPUS.findIndex((s) => s.expected.carriers.length === 0)];
    expect(unknown.openWarnings.find((w: any) => w.code === 'carriers-not-found').names).toContain(
      '苏州星河湾众创空间',
    );
  });

  it('traditional articles are stored as written', () => {
    const traditional = MESSY_CORPUS.findIndex((s) => s.expected.title.startsWith('海右生物醫藥'));
    expect(drafts[traditional].title).toBe('海右生物醫藥專業化眾創空間迎來首批入駐團隊');
    expect(drafts[traditional].bodyHtml).toContain('濟南高新區');
  });
});

describe('review: warnings must be acknowledged', () => {
  it('approval of an article with open warnings is a 409 naming them; acknowledged, it publishes', async () => {
    for (const draft of drafts) {
      const submitted = await h.call('POST', `/editorial/articles/${draft.id}/submit`, {
        token: editor,
      });
      expect(submitted.status).toBe(200);
      // the chief editor sees the warnings on the article in review
      const inReview = await h.call('GET', `/editorial/articles/${draft.id}`, { token: chief });
      expect(inReview.body.status).toBe('in_review');
      expect(inReview.body.openWarnings).toEqual(draft.openWarnings);
      const listed = await h.call('GET', '/editorial/articles?status=in_review&limit=100', {
        token: chief,
      });
      expect(listed.body.items.find((a: any) => a.id === draft.id).openWarningCount).toBe(
        draft.openWarnings.length,
      );

      let approved = await h.call('POST', `/editorial/articles/${draft.id}/approve`, {
        token: chief,
        body: {},
      });
      if (draft.openWarnings.length > 0) {
        expect(approved.status).toBe(409);
        expect(approved.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(approved.body.type).toBe(
          'https://errors.shuangchuang.dev/warnings-not-acknowledged',
        );
        expect(codes(approved.body.warnings)).toEqual(codes(draft.openWarnings));
        expect(approved.body.errors.map((e: any) => e.message.split(':')[0]).sort()).toEqual(
          codes(draft.openWarnings),
        );
        // nothing changed
        const after = await h.call('GET', `/editorial/articles/${draft.id}`, { token: chief });
        expect(after.body).toMatchObject({ status: 'in_review', version: inReview.body.version });
        approved = await h.call('POST', `/editorial/articles/${draft.id}/approve`, {
          token: chief,
          body: { acknowledgeWarnings: true },
        });
        expect(approved.body.importReport.acknowledged).toMatchObject({
          by: 'chief-1',
          at: expect.any(String),
        });
        expect(
          codes(approved.body.importReport.acknowledged.codes.map((code: string) => ({ code }))),
        ).toEqual(codes(draft.openWarnings));
      }
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      expect(approved.body.status).toBe('published');
      expect(approved.body.openWarnings).toEqual([]);
      // the acknowledgement is stored with the article
      const stored = await h.call('GET', `/editorial/articles/${draft.id}`, { token: editor });
      expect(stored.body.importReport).toEqual(approved.body.importReport);
      published.push(approved.body);
    }
  }, 120_000);

  it('the public article shows no report', async () => {
    const read = await h.call('GET', `/articles/${published[0].id}`);
    expect(read.body.importReport).toBeUndefined();
    expect(read.body.openWarnings).toBeUndefined();
  });
});

describe('search over the published corpus', () => {
  const found = async (q: string) =>
    (await h.call('GET', `/articles?q=${encodeURIComponent(q)}&limit=100`)).body.items.map(
      (item: any) => item.id,
    );

  it('finds every article by the simplified name of each carrier and place it names', async () => {
    const misses: string[] = [];
    for (const [i, { expected, name }] of MESSY_CORPUS.entries()) {
      for (const query of [...expected.carriers, ...expected.places])
        if (!(await found(query)).includes(published[i].id)) misses.push(`${query} → ${name}`);
    }
    expect(misses).toEqual([]);
  });

  it('finds a traditional article by a word a gloss had broken (孵(fū)化器 → 孵化器)', async () => {
    const issueSample = MESSY_CORPUS.findIndex((s) => s.expected.warnings?.includes('no-title'));
    expect(await found('孵化器')).toContain(published[issueSample].id);
    expect(await found('培训会')).toContain(published[issueSample].id);
  });
});

describe('probable duplicates', () => {
  const first = () => published[0];

  it('the same paste under a new key is flagged as a probable copy of the article', async () => {
    const again = await importDocument({
      format: MESSY_CORPUS[0]!.format,
      content: MESSY_CORPUS[0]!.content,
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first().id);
    expect(again.body.openWarnings).toContainEqual(
      expect.objectContaining({ code: 'probable-duplicate', articleId: first().id, similarity: 1 }),
    );
  });

  it('so is the same article with other debris, and the cleaned article itself', async () => {
    const rePasted = await importDocument({ format: 'text', content: RE_PASTED_FIRST_SAMPLE });
    expect(rePasted.body.openWarnings).toContainEqual(
      expect.objectContaining({ code: 'probable-duplicate', articleId: first().id }),
    );
    const cleaned = await importDocument({
      format: 'html',
      content: `---\ntitle: ${first().title}\n---\n${first().bodyHtml}`,
    });
    expect(cleaned.body.openWarnings).toContainEqual(
      expect.objectContaining({ code: 'probable-duplicate', articleId: first().id }),
    );
  });

  it('a retried request with the same key is the same draft, not a duplicate of itself', async () => {
    const key = idempotencyKey();
    const body = { format: 'text', content: MESSY_CORPUS[3]!.content };
    const one = await importDocument(body, key);
    const two = await importDocument(body, key);
    expect(two.body.id).toBe(one.body.id);
    expect(two.body.openWarnings).toEqual(one.body.openWarnings);
    expect(one.body.openWarnings.filter((w: any) => w.articleId === one.body.id)).toEqual([]);
  });

  it('another article on the same carrier is not a duplicate', async () => {
    const other = await importDocument({
      format: 'text',
      content:
        '启迪之星（德州）发布年度孵化报告\n启迪之星（德州）今年新增在孵企业三十家，毕业企业十二家，企业研发投入同比增长两成。\n孵化器还与德州学院共建了创新创业实训基地。',
    });
    expect(codes(other.body.openWarnings)).toEqual([]);
  });
});
