import { prepareScoredFields, type PreparedScoredField } from '@shuangchuang/chinese-text';
import { pollEvery, type Poller } from '@shuangchuang/service-kit';
import type { Connection, Model } from 'mongoose';
import { carrierModel, type CarrierDocument } from './carrier-model.js';

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
  kind: CarrierDocument['kind'];
  level?: CarrierDocument['level'];
  name: string;
  aliases: string[];
  operator: CarrierDocument['operator'];
  location: CarrierDocument['location'];
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
  status: 1,
  createdAt: 1,
  updatedAt: 1,
  searchKeys: 1,
  version: 1,
} as const;

type Projected = Pick<
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
  | 'status'
  | 'createdAt'
  | 'updatedAt'
  | 'searchKeys'
  | 'version'
> & { intake: { accepting: boolean } };

/** Writes of other instances become visible within a poll; a commit can lag its updatedAt by this. */
const COMMIT_LAG_MARGIN_MS = 10_000;

/**
 * The active carriers' search keys held in memory as an inverted index (key → carrier ids),
 * so a search costs set intersections instead of a database query. Loaded once at start-up
 * from the stored keys, updated at once by this instance's commits, and by polling for
 * changes other instances made.
 */
export class CarrierSearchIndex {
  private readonly carriers: Model<CarrierDocument>;
  private readonly byId = new Map<string, IndexedCarrier>();
  private readonly postings = new Map<string, Set<string>>();
  /** Filter value → carrier ids, so a filtered search starts from the carriers it can match. */
  private readonly byProvince = new Map<string, Set<string>>();
  private readonly byCity = new Map<string, Set<string>>();
  private readonly byIndustry = new Map<string, Set<string>>();
  /** the numbering of every facet value carriers have had */
  readonly facetCodes = new FacetCodes();
  private newestUpdate = '';
  private changes = 0;
  private poller: Poller | undefined;

  constructor(connection: Connection) {
    this.carriers = carrierModel(connection);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Grows whenever a carrier is added, replaced or removed: what was computed before is stale. */
  get generation(): number {
    return this.changes;
  }

  async load(): Promise<void> {
    const cursor = this.carriers.find({}, PROJECTION).lean().cursor();
    for await (const document of cursor) this.put(document as unknown as Projected);
  }

  /**
   * Polls for changes made by other instances. A failed poll (the database away for a moment) is
   * reported and the next one tries again: searches keep answering from memory meanwhile.
   */
  startPolling(intervalMs: number, onError: (error: unknown) => void): void {
    this.poller = pollEvery(intervalMs, () => this.refresh(), onError);
  }

  async stop(): Promise<void> {
    await this.poller?.stop();
  }

  async refresh(): Promise<void> {
    const since = new Date(Date.parse(this.newestUpdate || '1970-01-01') - COMMIT_LAG_MARGIN_MS);
    const changed = await this.carriers
      .find({ updatedAt: { $gte: since.toISOString() } }, PROJECTION)
      .lean();
    for (const document of changed) {
      // a document still in the window that the index already holds as it is: nothing to redo
      const held = this.byId.get(document._id);
      if (
        held &&
        document.status === 'active' &&
        held.version !== undefined &&
        held.version === document.version
      ) {
        continue;
      }
      this.put(document as unknown as Projected);
    }
  }

  /** Adds, replaces or (when retired) removes a carrier; idempotent. */
  put(document: Projected | CarrierDocument): void {
    if (document.updatedAt > this.newestUpdate) this.newestUpdate = document.updatedAt;
    const previous = this.byId.get(document._id);
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
      id: document._id,
      kind: document.kind,
      ...(document.level && { level: document.level }),
      name: document.name,
      aliases: document.aliases ?? [],
      operator: document.operator,
      location: document.location,
      focusIndustries,
      serviceList,
      honorTitles: document.honorTitles ?? [],
      accepting: document.intake.accepting,
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
    document: Projected | CarrierDocument,
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
    codes.push(this.facetCodes.codeOf('accepting', String(document.intake.accepting)));
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
