import { prepareScoredFields, type PreparedScoredField } from '@shuangchuang/chinese-text';
import type { Carrier } from '../domain/carrier.js';

/**
 * What the index is given of a carrier (data-access reads it from the stored document): the
 * fields search filters, ranks and shows, and the search keys stored with it.
 */
export interface SearchableCarrier {
  id: string;
  status: Carrier['status'];
  kind: Carrier['kind'];
  level?: Carrier['level'];
  name: string;
  aliases?: string[];
  operator: Carrier['operator'];
  location: Carrier['location'];
  focusIndustries?: string[];
  serviceList?: string[];
  honorTitles?: string[];
  accepting: boolean;
  createdAt: string;
  /** chinese-text search keys of names, operator, places and fields */
  searchKeys?: string[];
  version?: number;
}

/**
 * Exact filter values a search's candidates must have (a carrier's province, city, one of its
 * focus industries): only narrows the candidates, the search still applies its filters.
 */
export interface CandidateNarrowing {
  province?: string;
  city?: string;
  industry?: string;
}

/** What search reads of an active carrier. */
export interface IndexedCarrier {
  id: string;
  kind: Carrier['kind'];
  level?: Carrier['level'];
  name: string;
  aliases: string[];
  operator: Carrier['operator'];
  location: Carrier['location'];
  focusIndustries: string[];
  serviceList: string[];
  honorTitles: string[];
  accepting: boolean;
  createdAtMs: number;
  keys: string[];
  /** the stored document's version: a poll skips documents the index already holds */
  version?: number;
  /** the fields relevance ranking scores, prepared on first use (see scoredFieldsOf) */
  scoredFields?: PreparedScoredField[];
  /** the codes (in the index's FacetCodes) of the facet values it counts once toward */
  facetCodes: number[];
}

export type FacetName =
  'kind' | 'level' | 'province' | 'city' | 'industry' | 'service' | 'accepting';

/**
 * Facet values numbered in the order first seen, so counting a search's facets is incrementing
 * slots of an array rather than updating maps keyed by strings for every candidate.
 */
export class FacetCodes {
  private readonly codes = new Map<string, number>();
  readonly names: FacetName[] = [];
  readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  codeOf(name: FacetName, value: string): number {
    const key = `${name}\u0000${value}`;
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(key, code);
      this.names.push(name);
      this.values.push(value);
    }
    return code;
  }
}

/**
 * The fields a carrier's relevance is scored on, with their pinyin and search forms computed the
 * first time the carrier is ranked and kept with it: a carrier is ranked for many queries, its
 * texts change only when the index replaces it.
 */
export function scoredFieldsOf(carrier: IndexedCarrier): PreparedScoredField[] {
  return (carrier.scoredFields ??= prepareScoredFields([
    { text: carrier.name, weight: 3 },
    ...carrier.aliases.map((alias) => ({ text: alias, weight: 2 })),
    { text: carrier.operator.name, weight: 1 },
    { text: carrier.location.city ?? '', weight: 1 },
    { text: carrier.focusIndustries.join(' '), weight: 1 },
  ]));
}

/**
 * The active carriers' search keys held in memory as an inverted index (key → carrier ids),
 * so a search costs set intersections instead of a database query. Pure: what feeds it
 * (loading at start-up, this instance's commits, polling for other instances' writes) is
 * data-access (carrier-search-loader.ts).
 */
export class CarrierSearchIndex {
  private readonly byId = new Map<string, IndexedCarrier>();
  private readonly postings = new Map<string, Set<string>>();
  /** Filter value → carrier ids, so a filtered search starts from the carriers it can match. */
  private readonly byProvince = new Map<string, Set<string>>();
  private readonly byCity = new Map<string, Set<string>>();
  private readonly byIndustry = new Map<string, Set<string>>();
  /** the numbering of every facet value carriers have had */
  readonly facetCodes = new FacetCodes();
  private changes = 0;

  get size(): number {
    return this.byId.size;
  }

  /** Grows whenever a carrier is added, replaced or removed: what was computed before is stale. */
  get generation(): number {
    return this.changes;
  }

  /** Whether the index holds this carrier, active, at this version: putting it again changes nothing. */
  holds(id: string, version: number | undefined): boolean {
    const held = this.byId.get(id);
    return held !== undefined && held.version !== undefined && held.version === version;
  }

  /** Adds, replaces or (when retired) removes a carrier; idempotent. */
  put(document: SearchableCarrier): void {
    const previous = this.byId.get(document.id);
    if (previous || document.status === 'active') this.changes++;
    if (previous) {
      for (const key of previous.keys) this.postings.get(key)?.delete(previous.id);
      for (const [values, keys] of this.filterKeysOf(previous)) {
        for (const key of keys) values.get(key)?.delete(previous.id);
      }
      this.byId.delete(previous.id);
    }
    if (document.status !== 'active') return;
    const focusIndustries = document.focusIndustries ?? [];
    const serviceList = document.serviceList ?? [];
    const carrier: IndexedCarrier = {
      id: document.id,
      kind: document.kind,
      ...(document.level && { level: document.level }),
      name: document.name,
      aliases: document.aliases ?? [],
      operator: document.operator,
      location: document.location,
      focusIndustries,
      serviceList,
      honorTitles: document.honorTitles ?? [],
      accepting: document.accepting,
      createdAtMs: Date.parse(document.createdAt),
      keys: document.searchKeys ?? [],
      ...(typeof document.version === 'number' && { version: document.version }),
      facetCodes: this.facetCodesOf(document, focusIndustries, serviceList),
    };
    this.byId.set(carrier.id, carrier);
    for (const key of carrier.keys) {
      let ids = this.postings.get(key);
      if (!ids) this.postings.set(key, (ids = new Set()));
      ids.add(carrier.id);
    }
    for (const [values, keys] of this.filterKeysOf(carrier)) {
      for (const key of keys) {
        let ids = values.get(key);
        if (!ids) values.set(key, (ids = new Set()));
        ids.add(carrier.id);
      }
    }
  }

  private facetCodesOf(
    document: SearchableCarrier,
    focusIndustries: string[],
    serviceList: string[],
  ): number[] {
    const codes = [this.facetCodes.codeOf('kind', document.kind)];
    if (document.level) codes.push(this.facetCodes.codeOf('level', document.level));
    const province = document.location?.province;
    if (province !== undefined) codes.push(this.facetCodes.codeOf('province', province));
    const city = document.location?.city;
    if (city) codes.push(this.facetCodes.codeOf('city', city));
    // each distinct value of a list counts once
    for (const industry of new Set(focusIndustries)) {
      codes.push(this.facetCodes.codeOf('industry', industry));
    }
    for (const service of new Set(serviceList)) {
      codes.push(this.facetCodes.codeOf('service', service));
    }
    codes.push(this.facetCodes.codeOf('accepting', String(document.accepting)));
    return codes;
  }

  private filterKeysOf(carrier: IndexedCarrier): [Map<string, Set<string>>, string[]][] {
    const { province, city } = carrier.location ?? {};
    return [
      [this.byProvince, province === undefined ? [] : [province]],
      [this.byCity, city === undefined || city === null ? [] : [city]],
      [this.byIndustry, carrier.focusIndustries],
    ];
  }

  /**
   * Active carriers whose keys satisfy every group (each by one of its keys), or all active
   * carriers when there are no groups.
   */
  candidates(groups: string[][] | undefined, narrowing: CandidateNarrowing = {}): IndexedCarrier[] {
    const filterSets: Set<string>[] = [];
    const { province, city, industry } = narrowing;
    if (province !== undefined) filterSets.push(this.byProvince.get(province) ?? new Set());
    if (city !== undefined) filterSets.push(this.byCity.get(city) ?? new Set());
    if (industry !== undefined) filterSets.push(this.byIndustry.get(industry) ?? new Set());
    if (!groups && filterSets.length === 0) return [...this.byId.values()];
    const groupSets = (groups ?? []).map((group) => {
      if (group.length === 1) return this.postings.get(group[0]!) ?? new Set<string>();
      const union = new Set<string>();
      for (const key of group) this.postings.get(key)?.forEach((id) => union.add(id));
      return union;
    });
    groupSets.push(...filterSets);
    groupSets.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = groupSets;
    const result: IndexedCarrier[] = [];
    for (const id of smallest ?? []) {
      if (others.every((set) => set.has(id))) result.push(this.byId.get(id)!);
    }
    return result;
  }
}
