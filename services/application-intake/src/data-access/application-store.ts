import { isDuplicateKey } from '@shuangchuang/service-kit';
import { Types, type ClientSession } from 'mongoose';
import { isOpen, type TransitionRecord } from '../domain/application-lifecycle.js';
import {
  driverCollection,
  type ApplicationDocument,
  type CarrierDocument,
  type IntakeModels,
  type OpenApplicationSlotDocument,
  type TransitionDocument,
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

const slotId = (founderId: string, carrierId: string) => `${founderId}|${carrierId}`;

/** ObjectId-shaped ids: time-ordered, so they double as the pagination cursor. */
export const newApplicationId = (): string => new Types.ObjectId().toHexString();

export class ApplicationStore {
  constructor(private readonly models: IntakeModels) {}

  /**
   * The application with its carrier (read model) and its timeline, in one command: what a
   * change needs to check and what its answer shows, read inside the change's transaction.
   */
  async findWithCarrierAndTimeline(
    applicationId: string,
    session: ClientSession,
  ): Promise<{
    application: ApplicationDocument;
    carrier: CarrierDocument | null;
    timeline: TransitionDocument[];
  } | null> {
    const [found] = await driverCollection(this.models.applications)
      .aggregate<
        ApplicationDocument & { carrier: CarrierDocument[]; timeline: TransitionDocument[] }
      >(
        [
          { $match: { _id: applicationId } },
          {
            $lookup: {
              from: this.models.carriers.collection.collectionName,
              localField: 'carrierId',
              foreignField: '_id',
              as: 'carrier',
            },
          },
          {
            $lookup: {
              from: this.models.transitions.collection.collectionName,
              localField: '_id',
              foreignField: 'applicationId',
              as: 'timeline',
            },
          },
        ],
        { session },
      )
      .toArray();
    if (!found) return null;
    const { carrier, timeline, ...application } = found;
    return {
      application,
      carrier: carrier[0] ?? null,
      timeline: timeline.sort(byId),
    };
  }

  /** The timelines of these applications, oldest transition first (one query). */
  async timelinesOf(applicationIds: readonly string[]): Promise<Map<string, TransitionDocument[]>> {
    const timelines = new Map<string, TransitionDocument[]>(applicationIds.map((id) => [id, []]));
    if (applicationIds.length === 0) return timelines;
    const transitions = await this.models.transitions
      .find({ applicationId: { $in: [...new Set(applicationIds)] } })
      .sort({ _id: 1 })
      .lean<TransitionDocument[]>();
    for (const transition of transitions) timelines.get(transition.applicationId)?.push(transition);
    return timelines;
  }

  /** Inserts a new application (a draft) with its first transitions. */
  async insert(
    session: ClientSession,
    application: ApplicationDocument,
    transitions: TransitionRecord[],
  ): Promise<void> {
    await this.models.applications.create([application], { session });
    await this.insertTransitions(session, application._id, transitions);
  }

  /** Claims the founder's one open application at the carrier; _id uniqueness enforces it. */
  async claimOpenSlot(session: ClientSession, application: ApplicationDocument): Promise<void> {
    const slot = slotId(application.founderId, application.carrierId);
    try {
      await driverCollection(this.models.openSlots).insertOne(
        { _id: slot, applicationId: application._id } satisfies OpenApplicationSlotDocument,
        { session },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // The duplicate key aborted the transaction (as any failed statement does on mongod):
      // the slot's holder is read outside it.
      const existing = await this.models.openSlots.findById(slot).lean();
      throw new OpenApplicationExistsError(existing?.applicationId ?? 'unknown');
    }
  }

  /**
   * Stores a change made on the version that was read; frees the carrier slot when the
   * application closes. Throws StaleApplicationError when someone else changed it first.
   */
  async update(
    session: ClientSession,
    read: ApplicationDocument,
    changes: Partial<Omit<ApplicationDocument, '_id' | 'version'>>,
    transition: TransitionRecord | null,
    now: Date,
  ): Promise<ApplicationDocument> {
    const set = { ...changes, updatedAt: now };
    const result = await this.models.applications.updateOne(
      { _id: read._id, version: read.version },
      { $set: set, $inc: { version: 1 } },
      { session },
    );
    if (result.matchedCount !== 1) throw new StaleApplicationError();
    // `read` was read in this transaction and the version matched, so the stored document is
    // exactly `read` with the same changes: no need to fetch (and decode) it again.
    const updated: ApplicationDocument = { ...read, ...set, version: read.version + 1 };
    if (transition) {
      await this.insertTransitions(session, read._id, [transition]);
      if (isOpen(transition.from) && !isOpen(transition.to)) {
        await this.models.openSlots.deleteOne(
          { _id: slotId(read.founderId, read.carrierId), applicationId: read._id },
          { session },
        );
      }
    }
    return updated;
  }

  async find(applicationId: string, session?: ClientSession): Promise<ApplicationDocument | null> {
    return this.models.applications
      .findById(applicationId)
      .session(session ?? null)
      .lean<ApplicationDocument>();
  }

  async transitionsOf(
    applicationId: string,
    session?: ClientSession,
  ): Promise<TransitionDocument[]> {
    return this.models.transitions
      .find({ applicationId })
      .sort({ _id: 1 })
      .session(session ?? null)
      .lean<TransitionDocument[]>();
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

  /** Replaces an application wholesale (used by anonymisation) with its transitions. */
  async replaceAnonymised(
    session: ClientSession,
    application: ApplicationDocument,
    transitions: TransitionDocument[],
  ): Promise<void> {
    await this.models.applications.replaceOne({ _id: application._id }, application, { session });
    for (const t of transitions) {
      await this.models.transitions.replaceOne({ _id: t._id }, t, { session });
    }
  }

  async releaseSlotsOf(session: ClientSession, founderId: string): Promise<void> {
    await this.models.openSlots.deleteMany(
      { _id: { $regex: `^${escapeRegex(founderId)}\\|` } },
      { session },
    );
  }

  private async insertTransitions(
    session: ClientSession,
    applicationId: string,
    transitions: TransitionRecord[],
  ): Promise<void> {
    if (transitions.length === 0) return;
    // Straight to the driver: the records are complete and typed (TransitionRecord).
    await driverCollection(this.models.transitions).insertMany(
      transitions.map((t): TransitionDocument => ({
        _id: new Types.ObjectId().toHexString(),
        applicationId,
        from: t.from,
        to: t.to,
        actorId: t.actorId,
        actorRole: t.actorRole,
        at: t.at,
        comment: t.comment,
      })),
      { session },
    );
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

const byId = (a: { _id: string }, b: { _id: string }) =>
  a._id < b._id ? -1 : a._id > b._id ? 1 : 0;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
