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

/** What one registry event does to a carrier's copy: a full state, or its retirement. */
export type CarrierChange = { state: CarrierState } | { retired: string; version: number };

function copyOf(state: CarrierState): CarrierDocument {
  return {
    _id: state.carrierId,
    version: state.version,
    name: state.name,
    aliases: state.aliases,
    mentionKeys: mentionKeysOf(state),
    status: state.status,
  };
}

/** The carriers articles may mention, kept from registry events only (never a call to the registry). */
export class CarrierReadModel {
  private readonly copies: VersionedReadModel<CarrierDocument>;

  constructor(private readonly models: NewsFeedModels) {
    this.copies = new VersionedReadModel(models.carriers);
  }

  /**
   * A batch of registry events' full states and retirements, in partition order: one read of
   * the carriers they touch and one bulk write, each state or retirement applied only over an
   * older version (a late, repeated or replayed one changes nothing).
   */
  async applyAll(changes: readonly CarrierChange[], session?: ClientSession): Promise<void> {
    await this.copies.applyAll(
      changes.map((change) =>
        'state' in change
          ? { state: copyOf(change.state) }
          : { id: change.retired, version: change.version, fields: { status: 'retired' } },
      ),
      session,
    );
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
