import type { ClientSession } from 'mongoose';
import { mentionKeysOf } from '../domain/carrier-mentions.js';
import type { NewsModels } from './news-models.js';

export interface CarrierState {
  carrierId: string;
  version: number;
  name: string;
  aliases: string[];
  status: 'active' | 'retired';
}

/** The carriers articles may mention, kept from registry events only (never a call to the registry). */
export class CarrierReadModel {
  constructor(private readonly models: NewsModels) {}

  /** Applies a full carrier state unless the same or a newer version is stored; true when applied. */
  async apply(state: CarrierState, session?: ClientSession): Promise<boolean> {
    const stored = await this.models.carriers
      .findById(state.carrierId, { version: 1 })
      .session(session ?? null)
      .lean<{ version: number }>();
    if (stored && stored.version >= state.version) return false;
    await this.models.carriers.updateOne(
      { _id: state.carrierId },
      {
        $set: {
          version: state.version,
          name: state.name,
          aliases: state.aliases,
          mentionKeys: mentionKeysOf(state),
          status: state.status,
        },
      },
      { upsert: true, session },
    );
    return true;
  }

  async retire(carrierId: string, version: number, session?: ClientSession): Promise<boolean> {
    const result = await this.models.carriers.updateOne(
      { _id: carrierId, version: { $lt: version } },
      { $set: { version, status: 'retired' } },
      { session },
    );
    return result.modifiedCount > 0;
  }

  async version(carrierId: string): Promise<number | undefined> {
    const stored = await this.models.carriers.findById(carrierId, { version: 1 }).lean();
    return stored?.version;
  }

  /** Active carriers with the keys mentions are matched by. */
  async mentionable(): Promise<{ id: string; name: string; keys: string[] }[]> {
    const carriers = await this.models.carriers
      .find({ status: 'active' }, { name: 1, mentionKeys: 1 })
      .lean();
    return carriers.map((c) => ({ id: c._id, name: c.name, keys: c.mentionKeys }));
  }
}
