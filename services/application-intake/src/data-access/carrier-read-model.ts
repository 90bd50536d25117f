import type { ClientSession } from 'mongoose';
import type { IncubationPolicy } from '../domain/incubation-policy.js';
import type { ScoringCriterion } from '../domain/review-scoring.js';
import type { CarrierDocument, IntakeModels } from './models.js';

export interface CarrierState {
  carrierId: string;
  version: number;
  name: string;
  kind: string;
  status: 'active' | 'retired';
  accepting: boolean;
  updatedAt: Date;
}

/** The carriers intake can accept applications for, kept from registry events only. */
export class CarrierReadModel {
  constructor(private readonly models: IntakeModels) {}

  /** Applies a full carrier state unless the same or a newer version is already stored; true when applied. */
  async apply(state: CarrierState, session?: ClientSession): Promise<boolean> {
    // Read first rather than catching a duplicate key: inside a transaction any write error aborts it.
    const stored = await this.models.carriers
      .findById(state.carrierId, { version: 1 })
      .session(session ?? null)
      .lean<{ version: number }>();
    if (stored && stored.version >= state.version) return false;
    const result = await this.models.carriers.updateOne(
      { _id: state.carrierId, ...(stored ? { version: stored.version } : {}) },
      {
        $set: {
          version: state.version,
          name: state.name,
          kind: state.kind,
          status: state.status,
          accepting: state.accepting,
          updatedAt: state.updatedAt,
        },
      },
      { upsert: !stored, session },
    );
    return result.modifiedCount + result.upsertedCount > 0;
  }

  async retire(
    carrierId: string,
    version: number,
    at: Date,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.models.carriers.updateOne(
      { _id: carrierId, version: { $lt: version } },
      { $set: { version, status: 'retired', accepting: false, updatedAt: at } },
      { session },
    );
    return result.modifiedCount > 0;
  }

  async find(carrierId: string): Promise<CarrierDocument | null> {
    return this.models.carriers.findById(carrierId).lean<CarrierDocument>();
  }

  async settings(
    carrierId: string,
  ): Promise<{ policy: Partial<IncubationPolicy>; criteria: ScoringCriterion[] | null }> {
    const settings = await this.models.carrierSettings.findById(carrierId).lean();
    return { policy: settings?.policy ?? {}, criteria: settings?.criteria ?? null };
  }

  async saveSettings(
    carrierId: string,
    settings: { policy: Partial<IncubationPolicy>; criteria: ScoringCriterion[] | null },
  ): Promise<void> {
    await this.models.carrierSettings.updateOne(
      { _id: carrierId },
      { $set: settings },
      { upsert: true },
    );
  }
}
