import { isDuplicateKey, KeptKeyTakenError, type KeptRequestKey } from '@shuangchuang/service-kit';
import { Types, type ClientSession } from 'mongoose';
import { holdsCarrierSlot, type TransitionRecord } from '../domain/application-lifecycle.js';
import {
  driverCollection,
  type ApplicationDocument,
  type CarrierDocument,
  type IntakeModels,
} from './models.js';

export class OpenApplicationExistsError extends Error {
  constructor(public readonly existingApplicationId: string) {
    super('the founder already has an open application to this carrier');
    this.name = 'OpenApplicationExistsError';
  }
}

/** The application changed since it was read (a concurrent writer or a stale If-Match). */
export class StaleApplicationError extends Error {
  constructor() {
    super('the application changed since it was read');
    this.name = 'StaleApplicationError';
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const slotOf = (application: Pick<ApplicationDocument, 'founderId' | 'carrierId'>) =>
  `${application.founderId}|${application.carrierId}`;

/** ObjectId-shaped ids: time-ordered, so they double as the pagination cursor. */
export const newApplicationId = (): string => new Types.ObjectId().toHexString();

export class ApplicationStore {
  constructor(private readonly models: IntakeModels) {}

  /**
   * In one command: the application with its carrier (read model), and the application already
   * holding this request's Idempotency-Key, if any — what a change checks, what its answer
   * shows, and whether it is a retry, read inside the change's transaction.
   */
  async findForChange(
    applicationId: string,
    requestKeyId: string,
    session: ClientSession,
  ): Promise<{
    application: ApplicationDocument | null;
    carrier: CarrierDocument | null;
    keyHolder: ApplicationDocument | null;
  }> {
    // Both by index: _id, and the unique kept-key index; a key holder is the application itself
    // (a retry) or another one (the key reused).
    const found = await driverCollection(this.models.applications)
      .aggregate<ApplicationDocument & { carrier: CarrierDocument[] }>(
        [
          { $match: { $or: [{ _id: applicationId }, { 'requestKeys.id': requestKeyId }] } },
          {
            $lookup: {
              from: this.models.carriers.collection.collectionName,
              localField: 'carrierId',
              foreignField: '_id',
              as: 'carrier',
            },
          },
        ],
        { session },
      )
      .toArray();
    const target = found.find((a) => a._id === applicationId);
    const holder = found.find((a) => a.requestKeys?.some((k) => k.id === requestKeyId));
    const withoutCarrier = (a: (typeof found)[number]): ApplicationDocument => {
      const { carrier: _carrier, ...application } = a;
      return application;
    };
    return {
      application: target ? withoutCarrier(target) : null,
      carrier: target?.carrier[0] ?? null,
      keyHolder: holder ? withoutCarrier(holder) : null,
    };
  }

  /** The application that holds this request's Idempotency-Key, if any. */
  async findKeyHolder(
    requestKeyId: string,
    session: ClientSession,
  ): Promise<ApplicationDocument | null> {
    return this.models.applications
      .findOne({ 'requestKeys.id': requestKeyId })
      .session(session)
      .lean<ApplicationDocument>();
  }

  /** Inserts a new application (a draft, holding the key of the request that made it). */
  async insert(session: ClientSession, application: ApplicationDocument): Promise<void> {
    try {
      await driverCollection(this.models.applications).insertOne(application, { session });
    } catch (error) {
      throw await this.refusalOf(error, application);
    }
  }

  /**
   * Stores a change made on the version that was read, in one command: its fields, the
   * transition appended to the timeline, the carrier slot claimed or freed with the status, and
   * the request's Idempotency-Key. Throws StaleApplicationError when someone else changed it
   * first, OpenApplicationExistsError when another application holds the slot.
   */
  async update(
    session: ClientSession,
    read: ApplicationDocument,
    changes: Partial<Omit<ApplicationDocument, '_id' | 'version' | 'timeline' | 'requestKeys'>>,
    transition: TransitionRecord | null,
    now: Date,
    requestKey?: KeptRequestKey,
  ): Promise<ApplicationDocument> {
    const set = {
      ...changes,
      ...(transition && {
        openSlot: holdsCarrierSlot(transition.to) ? slotOf(read) : null,
      }),
      updatedAt: now,
    };
    const push = {
      ...(transition && { timeline: transition }),
      ...(requestKey && { requestKeys: requestKey }),
    };
    let matched: number;
    try {
      const result = await driverCollection(this.models.applications).updateOne(
        { _id: read._id, version: read.version },
        { $set: set, $inc: { version: 1 }, ...(Object.keys(push).length > 0 && { $push: push }) },
        { session },
      );
      matched = result.matchedCount;
    } catch (error) {
      throw await this.refusalOf(error, read);
    }
    if (matched !== 1) throw new StaleApplicationError();
    // `read` was read in this transaction and the version matched, so the stored document is
    // exactly `read` with the same changes: no need to fetch (and decode) it again.
    return {
      ...read,
      ...set,
      version: read.version + 1,
      timeline: transition ? [...read.timeline, transition] : read.timeline,
      requestKeys: requestKey ? [...read.requestKeys, requestKey] : read.requestKeys,
    };
  }

  /**
   * What a duplicate key on a write means: another application holds the carrier slot (read
   * outside the transaction, which the duplicate key aborted, as any failed statement does on
   * mongod), or a concurrent twin stored the request's key first.
   */
  private async refusalOf(error: unknown, application: ApplicationDocument): Promise<unknown> {
    if (!isDuplicateKey(error)) return error;
    // mongod names the index's key in `keyPattern` and in the message (E11000 … index: openSlot_1)
    const { keyPattern, message } = error as { keyPattern?: object; message?: string };
    const onSlot = keyPattern ? 'openSlot' in keyPattern : /\bopenSlot_1\b/.test(message ?? '');
    if (!onSlot) return new KeptKeyTakenError();
    const holder = await this.models.applications
      .findOne({ openSlot: slotOf(application) }, { _id: 1 })
      .lean();
    return new OpenApplicationExistsError(holder?._id ?? 'unknown');
  }

  async find(applicationId: string, session?: ClientSession): Promise<ApplicationDocument | null> {
    return this.models.applications
      .findById(applicationId)
      .session(session ?? null)
      .lean<ApplicationDocument>();
  }

  async listForFounder(
    founderId: string,
    filter: { carrierId?: string; statuses: string[] },
    cursor: string | null,
    limit: number,
  ) {
    return this.page({ founderId, ...this.filterOf(filter) }, cursor, limit);
  }

  async listForCarriers(
    carrierIds: readonly string[],
    filter: { carrierId?: string; statuses: string[] },
    cursor: string | null,
    limit: number,
  ) {
    const allowed = filter.carrierId
      ? carrierIds.filter((id) => id === filter.carrierId)
      : [...carrierIds];
    return this.page({ ...this.filterOf(filter), carrierId: { $in: allowed } }, cursor, limit);
  }

  private filterOf(filter: { carrierId?: string; statuses: string[] }): Record<string, unknown> {
    return {
      ...(filter.carrierId ? { carrierId: filter.carrierId } : {}),
      ...(filter.statuses.length ? { status: { $in: filter.statuses } } : {}),
    };
  }

  /** Admitted companies of these carriers, for the incubation watch list. */
  async admittedAt(carrierIds: readonly string[]): Promise<ApplicationDocument[]> {
    return this.models.applications
      .find({ carrierId: { $in: [...carrierIds] }, status: 'admitted' })
      .lean<ApplicationDocument[]>();
  }

  async allOfFounder(founderId: string, session?: ClientSession): Promise<ApplicationDocument[]> {
    return this.models.applications
      .find({ founderId })
      .sort({ _id: 1 })
      .session(session ?? null)
      .lean<ApplicationDocument[]>();
  }

  /** Replaces an application wholesale (used by anonymisation). */
  async replaceAnonymised(session: ClientSession, application: ApplicationDocument): Promise<void> {
    await this.models.applications.replaceOne({ _id: application._id }, application, { session });
  }

  private async page(
    filter: Record<string, unknown>,
    cursor: string | null,
    limit: number,
  ): Promise<Page<ApplicationDocument>> {
    const query = cursor ? { ...filter, _id: { $lt: cursor } } : filter;
    const items = await this.models.applications
      .find(query)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .lean<ApplicationDocument[]>();
    const hasMore = items.length > limit;
    const pageItems = hasMore ? items.slice(0, limit) : items;
    return { items: pageItems, nextCursor: hasMore ? pageItems[pageItems.length - 1]!._id : null };
  }
}
