import { VersionedReadModel } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import type { CarrierDocument, NotificationModels } from './models.js';

/** Carriers as registry.incubator.v1 describes them: names for templates, accepting for alerts. */
export class CarrierReadModel {
  private readonly copies: VersionedReadModel<CarrierDocument>;

  constructor(private readonly models: NotificationModels) {
    this.copies = new VersionedReadModel(models.carriers);
  }

  async find(carrierId: string, session?: ClientSession): Promise<CarrierDocument | undefined> {
    const found = await this.models.carriers.findById(carrierId, null, { session }).lean();
    return found ?? undefined;
  }

  /** The names of the carriers it knows among `carrierIds` (one query). */
  async namesOf(
    carrierIds: readonly string[],
    session?: ClientSession,
  ): Promise<Map<string, string>> {
    if (carrierIds.length === 0) return new Map();
    const found = await this.models.carriers
      .find({ _id: { $in: [...new Set(carrierIds)] } }, { name: 1 }, { session })
      .lean();
    return new Map(found.map((carrier) => [carrier._id, carrier.name]));
  }

  /** Stores a newer version; returns the state it replaced, or null when this one is stale. */
  async apply(
    carrier: CarrierDocument,
    session: ClientSession,
  ): Promise<{ previous: CarrierDocument | undefined } | null> {
    const applied = await this.copies.apply(carrier, session);
    return applied.applied ? { previous: applied.previous } : null;
  }

  async retire(carrierId: string, version: number, session: ClientSession): Promise<void> {
    await this.copies.applyChange(
      carrierId,
      version,
      { status: 'retired', accepting: false },
      session,
    );
  }
}
