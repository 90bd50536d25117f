import { VersionedReadModel } from '@shuangchuang/service-kit';
import type { ClientSession } from 'mongoose';
import { mentionKeysOf } from '../domain/carrier-mentions.js';
import type { CarrierDocument, NewsFeedModels } from './models.js';

export interface CarrierState {
  carrierId: string;
  version: number;
  name: string;
  aliases: string[];
  status: 'active' | 'retired';
}

/** The carriers articles may mention, kept from registry events only (never a call to the registry). */
export class CarrierReadModel {
  private readonly copies: VersionedReadModel<CarrierDocument>;

  constructor(private readonly models: NewsFeedModels) {
    this.copies = new VersionedReadModel(models.carriers);
  }

  /** Applies a full carrier state unless the same or a newer version is stored; true when applied. */
  async apply(state: CarrierState, session?: ClientSession): Promise<boolean> {
    const applied = await this.copies.apply(
      {
        _id: state.carrierId,
        version: state.version,
        name: state.name,
        aliases: state.aliases,
        mentionKeys: mentionKeysOf(state),
        status: state.status,
      },
      session,
    );
    return applied.applied;
  }

  async retire(carrierId: string, version: number, session?: ClientSession): Promise<boolean> {
    return this.copies.applyChange(carrierId, version, { status: 'retired' }, session);
  }

  async version(carrierId: string): Promise<number | undefined> {
    return this.copies.version(carrierId);
  }

  /** Active carriers with the keys mentions are matched by. */
  async mentionable(): Promise<{ id: string; name: string; keys: string[] }[]> {
    const carriers = await this.models.carriers
      .find({ status: 'active' }, { name: 1, mentionKeys: 1 })
      .lean();
    return carriers.map((c) => ({ id: c._id, name: c.name, keys: c.mentionKeys }));
  }
}
