import { analyzeQuery, scorePreparedMatch, toSimplified } from '@shuangchuang/chinese-text';
import { AnswerCache } from '@shuangchuang/service-kit';
import type { Carrier, Coordinates } from '../domain/carrier.js';
import { distanceMeters } from '../domain/geo-distance.js';
import { recogniseProvince } from '../domain/provinces.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import {
  scoredFieldsOf,
  type CarrierSearchIndex,
  type FacetCodes,
  type IndexedCarrier,
} from './carrier-search-index.js';

export type SearchSort = 'relevance' | 'distance' | 'newest';

export interface CarrierSearchRequest {
  q?: string;
  kinds?: CarrierKind[];
  levels?: Level[];
  province?: string;
  city?: string;
  industry?: string;
  service?: string;
  accepting?: boolean;
  honor?: string;
  near?: Coordinates;
  sort: SearchSort;
  cursor?: string;
  limit: number;
}

export interface CarrierSummaryRow {
  id: string;
  kind: CarrierKind;
  level?: Level;
  name: string;
  operator: Carrier['operator'];
  location: Carrier['location'];
  honorTitles: string[];
  accepting: boolean;
  distanceMeters?: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface CarrierSearchResult {
  items: CarrierSummaryRow[];
  nextCursor: string | null;
  facets: Record<
    'kind' | 'level' | 'province' | 'city' | 'industry' | 'service' | 'accepting',
    FacetCount[]
  >;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this search returned');
    this.name = 'InvalidCursorError';
  }
}

type Candidate = IndexedCarrier;

/** Less than the smallest difference of two relevance scores (0.01). */
const ACCEPTING_FIRST = 0.001;

interface Ranked {
  candidate: Candidate;
  /** sorted ascending: negated score for relevance, meters for distance, negated time for newest */
  sortValue: number;
  distance?: number;
}

/**
 * Search over active carriers: the in-memory index selects candidates by Chinese text keys,
 * then filters, scores, counts facets, sorts and pages them. The query is analysed into plain
 * key strings (chinese-text) and filter values are compared as values, so nothing a user types
 * becomes a regular expression or a database operator.
 */
export class CarrierSearch {
  /** Repeated searches (a listing page, a popular query) answered without ranking again. */
  private readonly answers: AnswerCache<CarrierSearchResult>;

  constructor(
    private readonly index: CarrierSearchIndex,
    cachedAnswers = 500,
  ) {
    this.answers = new AnswerCache(cachedAnswers);
  }

  async search(request: CarrierSearchRequest): Promise<CarrierSearchResult> {
    // a search is a pure function of the request and the index's generation
    return this.answers.answer(this.index.generation, JSON.stringify(request), () =>
      this.compute(request),
    );
  }

  private compute(request: CarrierSearchRequest): CarrierSearchResult {
    const analyzed = request.q?.trim() ? analyzeQuery(request.q) : undefined;
    // a query of only punctuation or stopwords selects nothing rather than everything
    if (analyzed && analyzed.groups.length === 0) return emptyResult();
    let province: string | undefined;
    if (request.province) {
      province = recogniseProvince(request.province);
      if (!province) return emptyResult();
    }
    const city = request.city ? toSimplified(request.city.trim()) : undefined;
    const industry = request.industry ? toSimplified(request.industry.trim()) : undefined;
    const honor = request.honor ? toSimplified(request.honor.trim()) : undefined;
    const kinds = request.kinds?.length ? new Set<string>(request.kinds) : undefined;
    const levels = request.levels?.length ? new Set<string>(request.levels) : undefined;

    const candidates = this.index
      // the filters below treat an empty value as no filter; so does the narrowing
      .candidates(analyzed?.groups, {
        province: province || undefined,
        city: city || undefined,
        industry: industry || undefined,
      })
      .filter(
        (c) =>
          (!kinds || kinds.has(c.kind)) &&
          (!levels || (c.level !== undefined && levels.has(c.level))) &&
          (!province || c.location.province === province) &&
          (!city || c.location.city === city) &&
          (!industry || c.focusIndustries.includes(industry)) &&
          (!request.service || c.serviceList.includes(request.service)) &&
          (request.accepting === undefined || c.accepting === request.accepting) &&
          (!honor || c.honorTitles.some((title) => title.includes(honor))),
      );

    const ranked = candidates.map((candidate) => rank(candidate, request, analyzed));
    const after = request.cursor ? decodeCursor(request.cursor) : undefined;
    // only the carriers after the cursor are candidates for the page
    const remaining = after
      ? ranked.filter(
          (r) =>
            r.sortValue > after.value ||
            (r.sortValue === after.value && compareIds(r.candidate.id, after.id) > 0),
        )
      : ranked;
    // the page is the `limit` first in sort order: selected without sorting everything
    const page = firstInOrder(remaining, request.limit);
    const last = page[page.length - 1];
    const hasMore = remaining.length > request.limit;

    return {
      items: page.map(toSummary),
      nextCursor: hasMore && last ? encodeCursor(last.sortValue, last.candidate.id) : null,
      facets: facetsOf(candidates, this.index.facetCodes),
    };
  }
}

function compareRanked(a: Ranked, b: Ranked): number {
  return a.sortValue - b.sortValue || compareIds(a.candidate.id, b.candidate.id);
}

/**
 * The `limit` first of `ranked` in sort order (sortValue, then id: a total order), as a full sort
 * would give them. A short page out of many candidates is kept sorted by binary insertion, so most
 * candidates cost one comparison with the page's last; otherwise everything is sorted.
 */
function firstInOrder(ranked: Ranked[], limit: number): Ranked[] {
  if (!(limit > 0)) return [];
  if (limit * 8 >= ranked.length) return ranked.slice().sort(compareRanked).slice(0, limit);
  const page: Ranked[] = [];
  for (const r of ranked) {
    if (page.length === limit && compareRanked(r, page[limit - 1]!) >= 0) continue;
    let low = 0;
    let high = page.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareRanked(page[middle]!, r) <= 0) low = middle + 1;
      else high = middle;
    }
    page.splice(low, 0, r);
    if (page.length > limit) page.pop();
  }
  return page;
}

function rank(
  candidate: Candidate,
  request: CarrierSearchRequest,
  analyzed: ReturnType<typeof analyzeQuery> | undefined,
): Ranked {
  const coordinates = candidate.location.coordinates;
  const distance =
    request.near && coordinates ? Math.round(distanceMeters(request.near, coordinates)) : undefined;
  switch (request.sort) {
    case 'distance':
      // carriers without coordinates come last
      return { candidate, distance, sortValue: distance ?? Number.MAX_SAFE_INTEGER };
    case 'newest':
      return { candidate, distance, sortValue: -candidate.createdAtMs };
    case 'relevance': {
      const score = analyzed ? scorePreparedMatch(analyzed, scoredFieldsOf(candidate)) : 0;
      // scores are rounded to hundredths: a thousandth only orders equal scores, accepting first
      return {
        candidate,
        distance,
        sortValue: -score - (candidate.accepting ? ACCEPTING_FIRST : 0),
      };
    }
  }
}

function toSummary({ candidate, distance }: Ranked): CarrierSummaryRow {
  return {
    id: candidate.id,
    kind: candidate.kind,
    ...(candidate.level && { level: candidate.level }),
    name: candidate.name,
    operator: candidate.operator,
    location: candidate.location,
    honorTitles: candidate.honorTitles,
    accepting: candidate.accepting,
    ...(distance !== undefined && { distanceMeters: distance }),
  };
}

function facetsOf(candidates: Candidate[], codes: FacetCodes): CarrierSearchResult['facets'] {
  const counts = new Uint32Array(codes.size);
  for (const candidate of candidates) {
    const candidateCodes = candidate.facetCodes;
    for (let i = 0; i < candidateCodes.length; i++) counts[candidateCodes[i]!]!++;
  }
  const facets = noFacets();
  for (let code = 0; code < counts.length; code++) {
    const count = counts[code]!;
    if (count > 0) facets[codes.names[code]!].push({ value: codes.values[code]!, count });
  }
  for (const values of Object.values(facets)) {
    values.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  facets.industry = facets.industry.slice(0, 30);
  return facets;
}

function noFacets(): CarrierSearchResult['facets'] {
  return { kind: [], level: [], province: [], city: [], industry: [], service: [], accepting: [] };
}

function emptyResult(): CarrierSearchResult {
  return {
    items: [],
    nextCursor: null,
    facets: noFacets(),
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keyset cursor: the sort value and id of the last item served; opaque to clients. */
function encodeCursor(value: number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): { value: number; id: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'number' &&
      typeof decoded[1] === 'string'
    ) {
      return { value: decoded[0], id: decoded[1] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
