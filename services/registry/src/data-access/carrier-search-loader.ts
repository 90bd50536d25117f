import { pollEvery, type Poller } from '@shuangchuang/service-kit';
import type { Model } from 'mongoose';
import type { CarrierSearchIndex, SearchableCarrier } from '../search/carrier-search-index.js';
import type { CarrierDocument } from './models.js';

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

/** What the search index is given of a stored carrier. */
export function searchableOf(document: Projected | CarrierDocument): SearchableCarrier {
  return {
    id: document._id,
    status: document.status,
    kind: document.kind,
    ...(document.level && { level: document.level }),
    name: document.name,
    aliases: document.aliases,
    operator: document.operator,
    location: document.location,
    focusIndustries: document.focusIndustries,
    serviceList: document.serviceList,
    honorTitles: document.honorTitles,
    accepting: document.intake.accepting,
    createdAt: document.createdAt,
    searchKeys: document.searchKeys,
    ...(typeof document.version === 'number' && { version: document.version }),
  };
}

/**
 * Keeps the in-memory search index fed from the database: loaded once at start-up from the
 * stored keys, given this instance's commits at once (`put`), and polling `updatedAt` for the
 * changes other instances made.
 */
export class CarrierSearchLoader {
  private newestUpdate = '';
  private poller: Poller | undefined;

  constructor(
    private readonly carriers: Model<CarrierDocument>,
    readonly index: CarrierSearchIndex,
  ) {}

  async load(): Promise<void> {
    const cursor = this.carriers.find({}, PROJECTION).lean().cursor();
    for await (const document of cursor) this.put(document as unknown as Projected);
  }

  /** A stored carrier, from a load, a poll or a commit of this instance. */
  put(document: Projected | CarrierDocument): void {
    if (document.updatedAt > this.newestUpdate) this.newestUpdate = document.updatedAt;
    this.index.put(searchableOf(document));
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
      if (document.status === 'active' && this.index.holds(document._id, document.version)) {
        continue;
      }
      this.put(document as unknown as Projected);
    }
  }
}
