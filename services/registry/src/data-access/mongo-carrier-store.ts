import { Types, type ClientSession, type Connection } from 'mongoose';
import type { Carrier } from '../domain/carrier.js';
import type { CarrierStore, CarrierTransaction } from '../domain/carrier-store.js';
import { DuplicateCarrierError, StaleVersionError } from '../domain/errors.js';
import type { AuditRecord, RegistryFact } from '../domain/registry-changes.js';
import { auditModel } from './audit-model.js';
import { carrierModel, type CarrierDocument } from './carrier-model.js';
import { toCarrier, toCarrierDocument } from './carrier-search-keys.js';

/** Writes the facts of a change into the outbox inside the same transaction. */
export type FactRecorder = (
  facts: RegistryFact[],
  session: ClientSession,
  requestId: string | undefined,
) => Promise<void>;

/** ObjectId hex: ordered by creation (its counter orders ids made in the same second). */
export function newObjectIdHex(): string {
  return new Types.ObjectId().toHexString();
}

export class MongoCarrierStore implements CarrierStore {
  private readonly carriers;
  private readonly audit;
  private readonly commitListeners: Array<(documents: CarrierDocument[]) => void> = [];

  constructor(
    connection: Connection,
    private readonly recordFacts: FactRecorder = async () => {},
  ) {
    this.carriers = carrierModel(connection);
    this.audit = auditModel(connection);
  }

  /** Creates collections and indexes; call once at start-up. */
  async init(): Promise<void> {
    await this.carriers.createCollection().catch(() => undefined);
    await this.audit.createCollection().catch(() => undefined);
    await this.carriers.syncIndexes();
    await this.audit.syncIndexes();
  }

  async isEmpty(): Promise<boolean> {
    return (await this.carriers.countDocuments({}).limit(1)) === 0;
  }

  newId(): string {
    return newObjectIdHex();
  }

  findById(id: string): Promise<Carrier | undefined> {
    return this.findByIdIn(id, undefined);
  }

  async findByIds(ids: string[]): Promise<Carrier[]> {
    const documents = await this.carriers.find({ _id: { $in: ids } }).lean();
    return documents.map((d) => toCarrier(d as unknown as Record<string, unknown>));
  }

  findByNameKeys(nameKeys: string[]): Promise<Carrier[]> {
    return this.findByNameKeysIn(nameKeys, undefined);
  }

  /** Called with the stored documents of every committed transaction (the search index listens). */
  onCommitted(listener: (documents: CarrierDocument[]) => void): void {
    this.commitListeners.push(listener);
  }

  async inTransaction<T>(work: (tx: CarrierTransaction) => Promise<T>): Promise<T> {
    const session = await this.carriers.db.startSession();
    try {
      let result: T | undefined;
      let written: CarrierDocument[] = [];
      await session.withTransaction(async () => {
        written = []; // withTransaction may run the work again after a transient error
        result = await work(this.transaction(session, written));
      });
      for (const listener of this.commitListeners) listener(written);
      return result as T;
    } finally {
      await session.endSession();
    }
  }

  async listAudit(
    carrierId: string,
    before: string | undefined,
    limit: number,
  ): Promise<Array<AuditRecord & { id: string }>> {
    const filter = before ? { carrierId, _id: { $lt: before } } : { carrierId };
    const documents = await this.audit.find(filter).sort({ _id: -1 }).limit(limit).lean();
    return documents.map(
      ({ _id, ...rest }) => ({ id: String(_id), ...rest }) as AuditRecord & { id: string },
    );
  }

  private async findByIdIn(id: string, session: ClientSession | undefined) {
    const document = await this.carriers
      .findById(id)
      .session(session ?? null)
      .lean();
    return document ? toCarrier(document as unknown as Record<string, unknown>) : undefined;
  }

  private async findByNameKeysIn(nameKeys: string[], session: ClientSession | undefined) {
    if (nameKeys.length === 0) return [];
    const documents = await this.carriers
      .find({ nameKeys: { $in: nameKeys } })
      .session(session ?? null)
      .lean();
    return documents.map((d) => toCarrier(d as unknown as Record<string, unknown>));
  }

  private transaction(session: ClientSession, written: CarrierDocument[]): CarrierTransaction {
    const writeAudit = async (audit: AuditRecord[]) => {
      if (audit.length === 0) return;
      await this.audit.insertMany(
        audit.map((record) => ({ _id: newObjectIdHex(), ...record })),
        { session },
      );
    };
    const requestIdOf = (audit: AuditRecord[]) => audit[0]?.requestId;
    return {
      findById: (id) => this.findByIdIn(id, session),
      findByNameKeys: (keys) => this.findByNameKeysIn(keys, session),
      insert: async (carrier, audit, facts) => {
        const document = toCarrierDocument(carrier);
        try {
          await this.carriers.insertMany([document], { session });
          written.push(document);
        } catch (error) {
          throw asDuplicate(error, carrier);
        }
        await writeAudit(audit);
        await this.recordFacts(facts, session, requestIdOf(audit));
      },
      replace: async (carrier, previousVersion, audit, facts) => {
        let result;
        const document = toCarrierDocument(carrier);
        try {
          result = await this.carriers
            .replaceOne({ _id: carrier.id, version: previousVersion }, document)
            .session(session);
          written.push(document);
        } catch (error) {
          throw asDuplicate(error, carrier);
        }
        if (result.matchedCount === 0) {
          const current = await this.findByIdIn(carrier.id, session);
          throw new StaleVersionError(carrier.id, previousVersion, current?.version ?? 0);
        }
        await writeAudit(audit);
        await this.recordFacts(facts, session, requestIdOf(audit));
      },
    };
  }
}

function asDuplicate(error: unknown, carrier: Carrier): unknown {
  if ((error as { code?: number }).code === 11000)
    return new DuplicateCarrierError('?', carrier.name);
  return error;
}
