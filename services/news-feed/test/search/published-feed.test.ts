import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/domain/article.js';
import { articleSearchKeys } from '../../src/search/article-search-keys.js';
import { InvalidCursorError } from '../../src/search/feed-cursor.js';
import { PublishedArticleIndex } from '../../src/search/published-article-index.js';
import { PublishedFeed } from '../../src/search/published-feed.js';

// The public feed and its search over the index alone: no database, no HTTP.

const BASE = Date.UTC(2026, 10, 1);

function published(
  id: string,
  minutes: number,
  content: { title: string; summary?: string; bodyHtml?: string; kind?: 'news' | 'policy' },
  version = 1,
): Article {
  const at = new Date(BASE + minutes * 60_000);
  return {
    id,
    version,
    revision: version,
    status: 'published',
    content: { kind: content.kind ?? 'news', bodyHtml: '', tags: [], ...content },
    mentionedCarriers: [],
    publishedAt: at,
    revisions: [],
    createdBy: 'test',
    createdAt: at,
    updatedAt: at,
  };
}

function feedOf(articles: Article[]) {
  const index = new PublishedArticleIndex((article) => ({ id: article.id }));
  for (const article of articles) index.put(article, articleSearchKeys(article.content));
  return { index, feed: new PublishedFeed(index) };
}

const ids = (page: { items: readonly { id: string }[] }) => page.items.map((item) => item.id);

describe('PublishedFeed', () => {
  it('pages the feed newest first by keyset: a publication between two pages repeats and skips nothing', () => {
    const articles = Array.from({ length: 9 }, (_, i) =>
      published(`a${i}`, i, { title: `第${i}条新闻` }),
    );
    const { index, feed } = feedOf(articles);
    const first = feed.list({ limit: 4 });
    expect(ids(first)).toEqual(['a8', 'a7', 'a6', 'a5']);
    // a newer article arrives: the next page goes on where the first stopped
    index.put(published('late', 100, { title: '迟到的新闻' }), ['迟到']);
    expect(ids(feed.list({ limit: 4 }))).toEqual(['late', 'a8', 'a7', 'a6']);
    const second = feed.list({ limit: 4, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['a4', 'a3', 'a2', 'a1']);
    const last = feed.list({ limit: 4, cursor: second.nextCursor! });
    expect(ids(last)).toEqual(['a0']);
    expect(last.nextCursor).toBeNull();
  });

  it('filters by kind; a retracted article leaves the feed and its search at once', () => {
    const { index, feed } = feedOf([
      published('news', 1, { title: '德州孵化器获批国家级称号' }),
      published('policy', 2, { title: '德州孵化器扶持政策', kind: 'policy' }),
    ]);
    expect(ids(feed.list({ kind: 'policy', limit: 10 }))).toEqual(['policy']);
    expect(ids(feed.list({ q: '孵化器', limit: 10 })).sort()).toEqual(['news', 'policy']);
    index.put({ ...published('policy', 2, { title: 'x' }, 2), status: 'retracted' }, undefined);
    expect(ids(feed.list({ kind: 'policy', limit: 10 }))).toEqual([]);
    expect(ids(feed.list({ q: '孵化器', limit: 10 }))).toEqual(['news']);
  });

  it('ranks a title match above a body-only one, and finds traditional and pinyin queries', () => {
    const { feed } = feedOf([
      published('title', 1, { title: '沂源众创空间揭牌' }),
      published('body', 2, {
        title: '县里的新闻',
        bodyHtml: '<p>本周，沂源众创空间迎来了新的入驻团队。</p>',
      }),
      published('other', 3, { title: '兰州加速器开放申请' }),
    ]);
    expect(ids(feed.list({ q: '沂源众创空间', limit: 10 }))).toEqual(['title', 'body']);
    expect(ids(feed.list({ q: '沂源眾創空間', limit: 10 }))).toEqual(['title', 'body']);
    expect(ids(feed.list({ q: 'yiyuan zhongchuang', limit: 10 }))[0]).toBe('title');
    expect(ids(feed.list({ q: '。', limit: 10 }))).toEqual([]);
  });

  it('pages a search by its own cursor; a feed cursor is refused there, and a search cursor in the feed', () => {
    const { feed } = feedOf(
      Array.from({ length: 5 }, (_, i) => published(`s${i}`, i, { title: `德州孵化器动态${i}` })),
    );
    const first = feed.list({ q: '德州孵化器', limit: 2 });
    const second = feed.list({ q: '德州孵化器', limit: 2, cursor: first.nextCursor! });
    const third = feed.list({ q: '德州孵化器', limit: 2, cursor: second.nextCursor! });
    const all = [...ids(first), ...ids(second), ...ids(third)];
    expect(new Set(all).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    const feedCursor = feed.list({ limit: 2 }).nextCursor!;
    expect(() => feed.list({ q: '德州孵化器', limit: 2, cursor: feedCursor })).toThrow(
      InvalidCursorError,
    );
    expect(() => feed.list({ limit: 2, cursor: first.nextCursor! })).toThrow(InvalidCursorError);
    expect(() => feed.list({ limit: 2, cursor: 'bm9wZQ' })).toThrow(InvalidCursorError);
  });
});
