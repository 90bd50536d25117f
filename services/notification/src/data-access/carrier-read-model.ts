import type { ClientSession } from 'mongoose';
import type { CarrierDocument, NotificationModels } from './models.js';

/** Carriers as registry.incubator.v1 describes them: names for templates, accepting for alerts. */
export class CarrierReadModel {
  constructor(private readonly models: NotificationModels) {}

  async find(carrierId: string, session?: ClientSession): Promise<CarrierDocument | undefined> {
    const found = await this.models.carriers.findById(carrierId, null, { session }).lean();
    return found ?? undefined;
  }

  async namesOf(carrierIds: readonly string[], session?: ClientSession): Promise<string[]> {
    if (carrierIds.length === 0) return [];
    const found = await this.models.carriers
      .find({ _id: { $in: carrierIds } }, { name: 1 }, { session })
      .lean();
    const byId = new Map(found.map((carrier) => [carrier._id, carrier.name]));
    return carrierIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }

  /** Stores a newer version; returns the state it replaced, or null when this one is stale. */
  async apply(
    carrier: CarrierDocument,
    session: ClientSession,
  ): Promise<{ previous: CarrierDocument | undefined } | null> {
    const previous = await this.find(carrier._id, session);
    if (previous && previous.version >= carrier.version) return null;
    await this.models.carriers.replaceOne({ _id: carrier._id }, carrier, { upsert: true, session });
    return { previous };
  }

  async retire(carrierId: string, version: number, session: ClientSession): Promise<void> {
    await this.models.carriers.updateOne(
      { _id: carrierId, version: { $lt: version } },
      { $set: { status: 'retired', accepting: false, version } },
      { session },
    );
  }
}
