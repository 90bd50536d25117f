import { inTransaction, isDuplicateKey } from '@shuangchuang/service-kit';
import { Types, type ClientSession, type Connection } from 'mongoose';
import type { Carrier } from '../domain/carrier.js';
import { DuplicateCarrierError, StaleVersionError } from '../domain/errors.js';
import type { AuditRecord, RegistryFact } from '../domain/registry-changes.js';
import type { CarrierStore, CarrierTransaction } from '../workflows/registry-context.js';
import { toCarrier, toCarrierDocument } from './carrier-documents.js';
import type { CarrierDocument, RegistryModels } from './models.js';

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

/** Carriers and their audit trail in the registry's database; every write one transaction with its events. */
export class MongoCarrierStore implements CarrierStore {
  private readonly carriers;
  private readonly audit;
  private readonly commitListeners: Array<(documents: CarrierDocument[]) => void> = [];

  constructor(
    private readonly connection: Connection,
    models: RegistryModels,
    private readonly recordFacts: FactRecorder = async () => {},
  ) {
    this.carriers = models.carriers;
    this.audit = models.audit;
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

  findByNameKeys(nameKeys: string[]): Promise<Carrier[]> {
    return this.findByNameKeysIn(nameKeys, undefined);
  }

  /** Called with the stored documents of every committed transaction (the search index listens). */
  onCommitted(listener: (documents: CarrierDocument[]) => void): void {
    this.commitListeners.push(listener);
  }

  async inTransaction<T>(work: (tx: CarrierTransaction) => Promise<T>): Promise<T> {
    let written: CarrierDocument[] = [];
    const result = await inTransaction(this.connection, async (session) => {
      written = []; // a transient failure runs the work again
      return work(this.transaction(session, written));
    });
    for (const listener of this.commitListeners) listener(written);
    return result;
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

  private async findByIdsIn(ids: string[], session: ClientSession) {
    const documents = await this.carriers
      .find({ _id: { $in: ids } })
      .session(session)
      .lean();
    return documents.map((d) => toCarrier(d as unknown as Record<string, unknown>));
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
      findByIds: (ids) => this.findByIdsIn(ids, session),
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
  return isDuplicateKey(error) ? new DuplicateCarrierError('?', carrier.name) : error;
}
