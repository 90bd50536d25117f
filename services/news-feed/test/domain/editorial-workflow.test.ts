import { describe, expect, it } from 'vitest';
import { prepareContent } from '../../src/domain/article-content.js';
import type { Article } from '../../src/domain/article.js';
import {
  approve,
  edit,
  newDraft,
  publishIfDue,
  requestChanges,
  retract,
  submitForReview,
} from '../../src/domain/editorial-workflow.js';
import {
  ArticleRuleError,
  EditorialRoleError,
  IllegalTransitionError,
  UnacknowledgedWarningsError,
} from '../../src/domain/errors.js';
import { openWarnings, type ImportReport } from '../../src/domain/import-report.js';

const editor = { userId: 'e-1', roles: ['editor'] };
const chief = { userId: 'c-1', roles: ['chief-editor'] };
const t0 = new Date('2026-11-20T02:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const content = prepareContent({ kind: 'news', title: '标题', bodyHtml: '<p>正文</p>' });

function draft(): Article {
  return newDraft('a-1', content, editor, t0, []);
}
function inReview(): Article {
  return submitForReview(draft(), later(1));
}

describe('editorial workflow', () => {
  it('draft → in_review → published, raising the version at every step', () => {
    const reviewed = inReview();
    expect(reviewed.status).toBe('in_review');
    const { article, outcome } = approve(reviewed, undefined, chief, later(2));
    expect(article.status).toBe('published');
    expect(article.publishedAt).toEqual(later(2));
    expect(article.version).toBe(3);
    expect(outcome).toEqual({ kind: 'published' });
  });

  it('a future publishAt schedules; the scheduler publishes it once due, not before', () => {
    const { article } = approve(inReview(), later(60), chief, later(2));
    expect(article.status).toBe('scheduled');
    expect(publishIfDue(article, later(59))).toBeUndefined();
    const published = publishIfDue(article, later(61))!;
    expect(published.status).toBe('published');
    expect(published.publishedAt).toEqual(later(60));
    expect(published.scheduledAt).toBeUndefined();
  });

  it('a publishAt not in the future is a rule error', () => {
    expect(() => approve(inReview(), later(2), chief, later(2))).toThrow(ArticleRuleError);
    expect(() => approve(inReview(), later(-5), chief, later(2))).toThrow(ArticleRuleError);
  });

  it('only a chief-editor approves, sends back and retracts', () => {
    expect(() => approve(inReview(), undefined, editor, later(2))).toThrow(EditorialRoleError);
    expect(() => requestChanges(inReview(), '请修改', editor, later(2))).toThrow(
      EditorialRoleError,
    );
    const { article } = approve(inReview(), undefined, chief, later(2));
    expect(() => retract(article, '错误', editor, later(3))).toThrow(EditorialRoleError);
  });

  it('illegal transitions are refused whatever the role', () => {
    expect(() => approve(draft(), undefined, chief, later(2))).toThrow(IllegalTransitionError);
    expect(() => submitForReview(inReview(), later(2))).toThrow(IllegalTransitionError);
    expect(() => retract(draft(), 'x', chief, later(2))).toThrow(IllegalTransitionError);
    expect(() => edit(inReview(), content, chief, later(2), [])).toThrow(IllegalTransitionError);
    const { article: retracted } = retract(
      approve(inReview(), undefined, chief, later(2)).article,
      '有误',
      chief,
      later(3),
    );
    expect(retracted.status).toBe('retracted');
    expect(() => retract(retracted, 'again', chief, later(4))).toThrow(IllegalTransitionError);
    expect(() => submitForReview(retracted, later(4))).toThrow(IllegalTransitionError);
  });

  it('request changes sends the article back to draft with the comment on the reviewed revision', () => {
    const back = requestChanges(inReview(), '请核实日期', chief, later(2));
    expect(back.status).toBe('draft');
    expect(back.revisions.at(-1)).toMatchObject({ revision: 1, comment: '请核实日期' });
  });

  it('editing makes a new revision; a published article only by a chief-editor, republished', () => {
    const edited = edit(draft(), { ...content, title: '新标题' }, editor, later(1), []);
    expect(edited.article.revision).toBe(2);
    expect(edited.article.revisions.map((r) => r.title)).toEqual(['标题', '新标题']);
    const published = approve(
      submitForReview(edited.article, later(2)),
      undefined,
      chief,
      later(3),
    ).article;
    expect(() => edit(published, content, editor, later(4), [])).toThrow(EditorialRoleError);
    const republished = edit(published, content, chief, later(4), []);
    expect(republished.outcome).toEqual({ kind: 'published' });
    expect(republished.article.status).toBe('published');
  });

  it('retracting a scheduled article is not a retraction of anything public', () => {
    const { article } = approve(inReview(), later(60), chief, later(2));
    expect(retract(article, '取消', chief, later(3)).outcome).toEqual({
      kind: 'retracted',
      wasPublished: false,
    });
  });
});

describe('prepareContent', () => {
  it('refuses an invalid date and keeps only http(s) URLs', () => {
    expect(() =>
      prepareContent({ kind: 'news', title: 't', bodyHtml: '', publishedAt: '2021-13-45' }),
    ).toThrow(ArticleRuleError);
    const prepared = prepareContent({
      kind: 'news',
      title: '  t  ',
      bodyHtml: '<p onclick="x()">b</p>',
      coverImageUrl: 'javascript:alert(1)',
      source: { originalUrl: 'data:text/html,x', outlet: '来源' },
      tags: ['a', 'a', ' b '],
    });
    expect(prepared).toMatchObject({ title: 't', bodyHtml: '<p>b</p>', tags: ['a', 'b'] });
    expect(prepared.coverImageUrl).toBeUndefined();
    expect(prepared.source).toEqual({ outlet: '来源' });
  });
});

describe('approving an imported article with open warnings', () => {
  const report = (warnings: ImportReport['warnings']): ImportReport => ({
    format: 'text',
    cleanups: [],
    droppedParagraphs: [],
    fields: [{ field: 'title', value: '标题', basis: 'text', rule: 'first-clause', guessed: true }],
    traditionalShare: 0.9,
    warnings,
  });
  const imported = (warnings: ImportReport['warnings'], mentioned = false): Article =>
    submitForReview(
      newDraft(
        'a-2',
        content,
        editor,
        t0,
        mentioned ? [{ id: 'c', name: '孵化器' }] : [],
        report(warnings),
      ),
      later(1),
    );
  const noTitle = { code: 'no-title' as const, message: 'no title found' };
  const traditional = { code: 'mostly-traditional' as const, message: 'mostly traditional' };
  const carriers = {
    code: 'carriers-not-found' as const,
    message: 'names',
    names: ['星河湾众创空间'],
  };

  it('is refused without acknowledgeWarnings, naming the open warnings', () => {
    const article = imported([noTitle, traditional]);
    expect(() => approve(article, undefined, chief, later(2))).toThrow(UnacknowledgedWarningsError);
    try {
      approve(article, undefined, chief, later(2));
    } catch (error) {
      expect((error as UnacknowledgedWarningsError).warnings.map((w) => w.code)).toEqual([
        'no-title',
        'mostly-traditional',
      ]);
    }
  });

  it('publishes with acknowledgeWarnings and records who acknowledged what', () => {
    const { article } = approve(imported([traditional]), undefined, chief, later(2), true);
    expect(article.status).toBe('published');
    expect(article.importReport?.acknowledged).toEqual({
      by: 'c-1',
      at: later(2),
      codes: ['mostly-traditional'],
    });
    expect(openWarnings(article)).toEqual([]);
  });

  it('needs nothing once the warnings no longer hold: a new title, a linked carrier', () => {
    const renamed = { ...imported([noTitle]), content: { ...content, title: '编辑改过的标题' } };
    expect(openWarnings(renamed)).toEqual([]);
    expect(approve(renamed, undefined, chief, later(2)).article.status).toBe('published');
    expect(openWarnings(imported([carriers], true))).toEqual([]);
    expect(openWarnings(imported([carriers], false))).toEqual([carriers]);
  });

  it('checks the schedule first: a past publishAt is a 400 whatever the warnings', () => {
    expect(() => approve(imported([traditional]), t0, chief, later(2))).toThrow(ArticleRuleError);
  });

  it('an article that was not imported has nothing to acknowledge', () => {
    expect(approve(inReview(), undefined, chief, later(2)).article.status).toBe('published');
  });
});
