import {
  analyzeQuery,
  escapeRegex,
  scoreMatch,
  searchKeyFilter,
  toSimplified,
} from '@shuangchuang/chinese-text';
import type { Connection, Model } from 'mongoose';
import type { Coordinates } from '../domain/carrier.js';
import { distanceMeters } from '../domain/geo-distance.js';
import { recogniseProvince } from '../domain/provinces.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import { carrierModel, type CarrierDocument } from './carrier-model.js';

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
  operator: CarrierDocument['operator'];
  location: CarrierDocument['location'];
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
    'kind' | 'level' | 'province' | 'industry' | 'service' | 'accepting',
    FacetCount[]
  >;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this search returned');
    this.name = 'InvalidCursorError';
  }
}

/** Matches read per search; beyond it facets and ranking cover the first matches only. */
export const MAX_CANDIDATES = 5_000;

const PROJECTION = {
  kind: 1,
  level: 1,
  name: 1,
  aliases: 1,
  operator: 1,
  location: 1,
  focusIndustries: 1,
  serviceList: 1,
  honorTitles: 1,
  'intake.accepting': 1,
  createdAt: 1,
} as const;

type Candidate = Pick<
  CarrierDocument,
  | '_id'
  | 'kind'
  | 'level'
  | 'name'
  | 'aliases'
  | 'operator'
  | 'location'
  | 'focusIndustries'
  | 'serviceList'
  | 'honorTitles'
  | 'createdAt'
> & { intake: { accepting: boolean } };

interface Ranked {
  candidate: Candidate;
  /** sorted ascending: negated score for relevance, meters for distance, negated time for newest */
  sortValue: number;
  distance?: number;
}

/**
 * Search over active carriers: filters and Chinese text keys select candidates in MongoDB; the
 * service scores, counts facets, sorts and pages them. The query is analysed into plain key
 * strings (chinese-text) and filter values are compared as values, so nothing a user types
 * becomes a regular expression or an operator.
 */
export class CarrierSearch {
  private readonly carriers: Model<CarrierDocument>;

  constructor(connection: Connection) {
    this.carriers = carrierModel(connection);
  }

  async search(request: CarrierSearchRequest): Promise<CarrierSearchResult> {
    const analyzed = request.q?.trim() ? analyzeQuery(request.q) : undefined;
    const filter: Record<string, unknown> = { status: 'active' };
    if (analyzed) {
      const keys = searchKeyFilter('searchKeys', analyzed);
      // a query of only punctuation or stopwords selects nothing rather than everything
      if (!keys) return emptyResult();
      Object.assign(filter, keys);
    }
    if (request.kinds?.length) filter.kind = { $in: request.kinds };
    if (request.levels?.length) filter.level = { $in: request.levels };
    if (request.province) {
      const province = recogniseProvince(request.province);
      if (!province) return emptyResult();
      filter['location.province'] = province;
    }
    if (request.city) filter['location.city'] = toSimplified(request.city.trim());
    if (request.industry) filter.focusIndustries = toSimplified(request.industry.trim());
    if (request.service) filter.serviceList = request.service;
    if (request.accepting !== undefined) filter['intake.accepting'] = request.accepting;
    if (request.honor) {
      filter.honorTitles = { $regex: escapeRegex(toSimplified(request.honor.trim())) };
    }

    const candidates = (await this.carriers
      .find(filter, PROJECTION)
      .limit(MAX_CANDIDATES)
      .lean()) as unknown as Candidate[];

    const ranked = candidates.map((candidate) => rank(candidate, request, analyzed));
    ranked.sort(
      (a, b) => a.sortValue - b.sortValue || compareIds(a.candidate._id, b.candidate._id),
    );

    const after = request.cursor ? decodeCursor(request.cursor) : undefined;
    const start = after
      ? ranked.findIndex(
          (r) =>
            r.sortValue > after.value ||
            (r.sortValue === after.value && compareIds(r.candidate._id, after.id) > 0),
        )
      : 0;
    const page = start < 0 ? [] : ranked.slice(start, start + request.limit);
    const last = page[page.length - 1];
    const hasMore = start >= 0 && start + request.limit < ranked.length;

    return {
      items: page.map(toSummary),
      nextCursor: hasMore && last ? encodeCursor(last.sortValue, last.candidate._id) : null,
      facets: facetsOf(candidates),
    };
  }
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
      return { candidate, distance, sortValue: -Date.parse(candidate.createdAt) };
    case 'relevance': {
      const score = analyzed
        ? scoreMatch(analyzed, [
            { text: candidate.name, weight: 3 },
            ...candidate.aliases.map((alias) => ({ text: alias, weight: 2 })),
            { text: candidate.operator.name, weight: 1 },
            { text: candidate.location.city ?? '', weight: 1 },
            { text: candidate.focusIndustries.join(' '), weight: 1 },
          ])
        : 0;
      return { candidate, distance, sortValue: -score };
    }
  }
}

function toSummary({ candidate, distance }: Ranked): CarrierSummaryRow {
  return {
    id: candidate._id,
    kind: candidate.kind,
    ...(candidate.level && { level: candidate.level }),
    name: candidate.name,
    operator: candidate.operator,
    location: candidate.location,
    honorTitles: candidate.honorTitles,
    accepting: candidate.intake.accepting,
    ...(distance !== undefined && { distanceMeters: distance }),
  };
}

function facetsOf(candidates: Candidate[]): CarrierSearchResult['facets'] {
  const counters = {
    kind: new Map<string, number>(),
    level: new Map<string, number>(),
    province: new Map<string, number>(),
    industry: new Map<string, number>(),
    service: new Map<string, number>(),
    accepting: new Map<string, number>(),
  };
  const add = (counter: Map<string, number>, value: string | undefined) => {
    if (value !== undefined) counter.set(value, (counter.get(value) ?? 0) + 1);
  };
  for (const c of candidates) {
    add(counters.kind, c.kind);
    add(counters.level, c.level);
    add(counters.province, c.location.province);
    new Set(c.focusIndustries).forEach((industry) => add(counters.industry, industry));
    new Set(c.serviceList).forEach((service) => add(counters.service, service));
    add(counters.accepting, String(c.intake.accepting));
  }
  const sorted = (counter: Map<string, number>) =>
    [...counter]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return {
    kind: sorted(counters.kind),
    level: sorted(counters.level),
    province: sorted(counters.province),
    industry: sorted(counters.industry).slice(0, 30),
    service: sorted(counters.service),
    accepting: sorted(counters.accepting),
  };
}

function emptyResult(): CarrierSearchResult {
  return {
    items: [],
    nextCursor: null,
    facets: { kind: [], level: [], province: [], industry: [], service: [], accepting: [] },
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
