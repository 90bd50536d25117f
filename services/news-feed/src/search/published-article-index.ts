import { prepareScoredFields, type PreparedScoredField } from '@shuangchuang/chinese-text';
import { deepFreeze } from '@shuangchuang/service-kit';
import type { Article } from '../domain/article.js';
import type { TimeCursor } from './feed-cursor.js';
import { PostingList, type OrdinalOrder } from './posting-list.js';

/** A published article as the feed and search read it; `Item` is what the feed shows of it. */
export interface IndexedArticle<Item = unknown> {
  live: true;
  /** its number in the posting lists; a new version gets a new one */
  ordinal: number;
  id: string;
  version: number;
  publishedAtMs: number;
  kind: string;
  region?: string;
  tags: readonly string[];
  carrierIds: readonly string[];
  title: string;
  summary?: string;
  /** deep-frozen: pages share it, and the HTTP layer may resend a page's serialization */
  item: Readonly<Item>;
  /** the fields relevance is scored on, prepared the first time the article is ranked */
  scoredFields?: PreparedScoredField[];
}

/** A replaced or removed version: still ordered in the posting lists until they are compacted. */
interface ReplacedArticle {
  live: false;
  id: string;
  publishedAtMs: number;
}

type Slot<Item = unknown> = IndexedArticle<Item> | ReplacedArticle;

/** An article to put in the index, with the search keys stored with it. */
export interface IndexableArticle {
  article: Article;
  searchKeys: readonly string[] | undefined;
}

/** The feed's exact filters (each value also has a posting list, as search keys do). */
export interface ArticleFilter {
  kind?: string;
  region?: string;
  tag?: string;
  carrierId?: string;
}

type FilterField = keyof ArticleFilter;

/** Whether `article` passes every filter given. */
function passes(article: IndexedArticle, filter: ArticleFilter): boolean {
  const { kind, region, tag, carrierId } = filter;
  return (
    (kind === undefined || article.kind === kind) &&
    (region === undefined || article.region === region) &&
    (tag === undefined || article.tags.includes(tag)) &&
    (carrierId === undefined || article.carrierIds.includes(carrierId))
  );
}

/** The filter values an article is found under, as `field value` keys of the filter lists. */
function filterKeysOf(article: IndexedArticle): string[] {
  return [
    `kind ${article.kind}`,
    ...(article.region !== undefined ? [`region ${article.region}`] : []),
    ...article.tags.map((tag) => `tag ${tag}`),
    ...article.carrierIds.map((carrierId) => `carrierId ${carrierId}`),
  ];
}

/** Replaced entries tolerated in the posting lists before they are compacted (and this share). */
const REPLACED_BEFORE_COMPACTION = 1_024;
const REPLACED_SHARE_BEFORE_COMPACTION = 0.25;

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first by publication, then id: the feed's order read backwards. */
const compareArticles = (a: Slot, b: Slot) =>
  a.publishedAtMs - b.publishedAtMs || compareIds(a.id, b.id);

/** The fields an article's relevance is scored on: title (3) and summary (1). */
export function scoredFieldsOf(article: IndexedArticle): PreparedScoredField[] {
  return (article.scoredFields ??= prepareScoredFields([
    { text: article.title, weight: 3 },
    ...(article.summary ? [{ text: article.summary, weight: 1 }] : []),
  ]));
}

/**
 * The published articles in memory, for the public feed and search: the feed's order, and an
 * inverted index from each stored search key to the articles holding it (their ordinals, oldest
 * first). Pure: it is given articles (data-access/published-article-loader.ts feeds it from the
 * database); every version it is told of is remembered, so a late, older one changes nothing.
 */
export class PublishedArticleIndex<Item = unknown> {
  private slots: Slot<Item>[] = [];
  private readonly byId = new Map<string, IndexedArticle<Item>>();
  /** the newest version seen of every article, so a late read never brings an older one back */
  private readonly versions = new Map<string, number>();
  /** search key → the articles holding it */
  private readonly postings = new Map<string, PostingList>();
  /** `field value` (filterKeysOf) → the articles having it */
  private readonly filterPostings = new Map<string, PostingList>();
  /** per ordinal, how many of a search's groups it is in so far (see newestMatching); all 0 between calls */
  private marks = new Uint16Array(0);
  /** the live articles, oldest first */
  private feedOrder: IndexedArticle<Item>[] = [];
  private replacedSlots = 0;
  /** ordinals below this were numbered in the feed's order (renumber): compared as numbers */
  private numbered = 0;
  private changes = 0;
  private loading = false;

  constructor(
    /** what the feed shows of an article (the API's summary view), built once per version */
    private readonly present: (article: Article) => Item,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  /** Grows with every change: answers computed before are stale. */
  get generation(): number {
    return this.changes;
  }

  /** Older first: by publication time, id, then ordinal (an id's replaced versions). */
  readonly order: OrdinalOrder = (a, b) => {
    if (a < this.numbered && b < this.numbered) return a - b;
    return compareArticles(this.slots[a]!, this.slots[b]!) || a - b;
  };

  /**
   * Takes in many articles at once (the published ones at start-up): appended as they come, then
   * numbered in the feed's order and every list sorted once, far cheaper than a place each.
   */
  async load(
    articles: AsyncIterable<IndexableArticle> | Iterable<IndexableArticle>,
  ): Promise<void> {
    this.loading = true;
    try {
      for await (const { article, searchKeys } of articles) this.put(article, searchKeys);
    } finally {
      this.loading = false;
    }
    this.feedOrder.sort(compareArticles);
    this.renumber(true);
  }

  /** Whether this version of the article, or a newer one, has been put or removed already. */
  isKnown(id: string, version: number): boolean {
    return (this.versions.get(id) ?? -1) >= version;
  }

  /**
   * Adds or replaces an article: published, it is in the feed and search under `searchKeys`;
   * in any other status it is taken out. A version older than one already known is ignored.
   */
  put(article: Article, searchKeys: readonly string[] | undefined): void {
    if (this.isKnown(article.id, article.version)) return;
    if (article.status !== 'published' || !article.publishedAt) {
      this.remove(article.id, article.version);
      return;
    }
    this.takeOut(article.id);
    this.versions.set(article.id, article.version);
    const ordinal = this.slots.length;
    const { content } = article;
    const indexed: IndexedArticle<Item> = {
      live: true,
      ordinal,
      id: article.id,
      version: article.version,
      publishedAtMs: article.publishedAt.getTime(),
      kind: content.kind,
      ...(content.region !== undefined && { region: content.region }),
      tags: content.tags ?? [],
      carrierIds: article.mentionedCarriers.map((carrier) => carrier.id),
      title: content.title,
      ...(content.summary !== undefined && { summary: content.summary }),
      item: deepFreeze(this.present(article)),
    };
    this.slots.push(indexed);
    this.byId.set(indexed.id, indexed);
    this.post(this.postings, new Set(searchKeys ?? []), ordinal);
    this.post(this.filterPostings, new Set(filterKeysOf(indexed)), ordinal);
    if (this.loading) this.feedOrder.push(indexed);
    else this.feedOrder.splice(this.feedPosition(indexed), 0, indexed);
    this.changes++;
    this.compactWhenWorthIt();
  }

  /** Takes an article out of the feed and search (retracted, or a newer version is not public). */
  remove(id: string, version: number): void {
    if (this.isKnown(id, version)) return;
    this.versions.set(id, version);
    if (this.takeOut(id)) this.changes++;
    this.compactWhenWorthIt();
  }

  /**
   * The live articles newest first, from just older than `after` when given, that pass `filter`,
   * at most `limit`. With filters, walks the shortest of their lists (a carrier's articles are a
   * few hundred of 50,000); without, the feed's order.
   */
  newest(
    after: TimeCursor | undefined,
    filter: ArticleFilter,
    limit: number,
  ): IndexedArticle<Item>[] {
    const filterLists = this.filterListsOf(filter);
    if (!filterLists) return [];
    const found: IndexedArticle<Item>[] = [];
    const cursor = after && ({ publishedAtMs: after.t, id: after.id } as Slot);
    const shortest = shortestOf(filterLists);
    if (!shortest) {
      const order = this.feedOrder;
      let position = cursor ? lastBefore(order.length, (i) => order[i]!, cursor) : order.length - 1;
      for (; position >= 0 && found.length < limit; position--) {
        const article = order[position]!;
        if (passes(article, filter)) found.push(article);
      }
      return found;
    }
    let position = cursor
      ? lastBefore(shortest.length, (i) => this.slots[shortest.at(i)]!, cursor)
      : shortest.length - 1;
    for (; position >= 0 && found.length < limit; position--) {
      const article = this.slots[shortest.at(position)]!;
      if (article.live && passes(article, filter)) found.push(article);
    }
    return found;
  }

  /**
   * The live articles holding, for every group, one of its keys (an AND of ORs, as analyzeQuery
   * makes them), newest first, that pass `filter`, at most `limit`. Walks the shortest list (a
   * group's or a filter's), after marking, per ordinal, how many of the other groups hold it: a
   * pass over each of their lists, much cheaper than looking every walked article up in them.
   */
  newestMatching(groups: string[][], filter: ArticleFilter, limit: number): IndexedArticle<Item>[] {
    const filterLists = this.filterListsOf(filter);
    if (!filterLists) return [];
    const groupLists: PostingList[][] = [];
    for (const group of groups) {
      const held = group.flatMap((key) => this.postings.get(key) ?? []);
      if (held.length === 0) return []; // no article has any key of this group
      groupLists.push(held);
    }
    if (groupLists.length === 0) return [];
    const sizeOf = (lists: PostingList[]) => lists.reduce((sum, list) => sum + list.length, 0);
    groupLists.sort((a, b) => sizeOf(a) - sizeOf(b));
    const shortestFilter = shortestOf(filterLists);
    let walked: PostingList;
    let marked: PostingList[][];
    if (shortestFilter && shortestFilter.length < sizeOf(groupLists[0]!)) {
      walked = shortestFilter;
      marked = groupLists;
    } else {
      const [first, ...rest] = groupLists as [PostingList[], ...PostingList[][]];
      walked = first.length === 1 ? first[0]! : PostingList.union(first, this.order);
      marked = rest;
    }
    if (this.marks.length < this.slots.length) this.marks = new Uint16Array(this.slots.length);
    const marks = this.marks;
    const found: IndexedArticle<Item>[] = [];
    try {
      // in all the groups marked so far: k → k + 1 (a second key of the same group finds k + 1)
      marked.forEach((group, k) => {
        for (const list of group) list.advanceMarks(marks, k);
      });
      const inAll = marked.length;
      for (let i = walked.length - 1; i >= 0 && found.length < limit; i--) {
        const ordinal = walked.at(i);
        if (marks[ordinal] !== inAll) continue;
        const article = this.slots[ordinal]!;
        if (article.live && passes(article, filter)) found.push(article);
      }
    } finally {
      marks.fill(0);
    }
    return found;
  }

  /** Entries in the posting lists (replaced ones included) and distinct keys: for the bench. */
  statistics(): { articles: number; keys: number; entries: number; filterEntries: number } {
    const entriesOf = (lists: Map<string, PostingList>) =>
      [...lists.values()].reduce((sum, list) => sum + list.length, 0);
    return {
      articles: this.byId.size,
      keys: this.postings.size,
      entries: entriesOf(this.postings),
      filterEntries: entriesOf(this.filterPostings),
    };
  }

  /** The lists of the filters given; undefined when a value has none (nothing passes). */
  private filterListsOf(filter: ArticleFilter): PostingList[] | undefined {
    const lists: PostingList[] = [];
    for (const field of ['kind', 'region', 'tag', 'carrierId'] as FilterField[]) {
      const value = filter[field];
      if (value === undefined) continue;
      const list = this.filterPostings.get(`${field} ${value}`);
      if (!list) return undefined;
      lists.push(list);
    }
    return lists;
  }

  private post(lists: Map<string, PostingList>, keys: Iterable<string>, ordinal: number): void {
    for (const key of keys) {
      let list = lists.get(key);
      if (!list) lists.set(key, (list = new PostingList()));
      if (this.loading) list.append(ordinal);
      else list.insert(ordinal, this.order);
    }
  }

  private takeOut(id: string): boolean {
    const held = this.byId.get(id);
    if (!held) return false;
    this.byId.delete(id);
    // while loading the feed's order is not sorted yet (a document the scan met twice)
    const position = this.loading ? this.feedOrder.indexOf(held) : this.feedPosition(held);
    this.feedOrder.splice(position, 1);
    // its entries stay in the posting lists, skipped, until compaction drops them
    this.slots[held.ordinal] = { live: false, id: held.id, publishedAtMs: held.publishedAtMs };
    this.replacedSlots++;
    return true;
  }

  /** Where `article` is, or goes, in the feed's order. */
  private feedPosition(article: IndexedArticle<Item>): number {
    return lastBefore(this.feedOrder.length, (i) => this.feedOrder[i]!, article) + 1;
  }

  private compactWhenWorthIt(): void {
    if (
      !this.loading &&
      this.replacedSlots > REPLACED_BEFORE_COMPACTION &&
      this.replacedSlots > this.byId.size * REPLACED_SHARE_BEFORE_COMPACTION
    )
      this.renumber(false);
  }

  /**
   * Numbers the live articles in the feed's order and renumbers the posting lists, dropping
   * replaced entries. Lists that were kept in order stay in order; after loading they are sorted.
   */
  private renumber(sortLists: boolean): void {
    const renumbered = new Int32Array(this.slots.length).fill(-1);
    this.feedOrder.forEach((article, ordinal) => {
      renumbered[article.ordinal] = ordinal;
      article.ordinal = ordinal;
    });
    for (const lists of [this.postings, this.filterPostings])
      for (const [key, list] of lists) {
        list.renumber(renumbered, sortLists);
        if (list.length === 0) lists.delete(key);
      }
    this.slots = this.feedOrder.slice();
    this.numbered = this.slots.length;
    this.replacedSlots = 0;
  }
}

function shortestOf(lists: PostingList[]): PostingList | undefined {
  return lists.reduce<PostingList | undefined>(
    (shortest, list) => (!shortest || list.length < shortest.length ? list : shortest),
    undefined,
  );
}

/** The last of `count` positions, in the feed's order, whose article is older than `cursor` (-1 when none). */
function lastBefore(count: number, slotAt: (position: number) => Slot, cursor: Slot): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareArticles(slotAt(middle), cursor) < 0) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
