import { VersionedReadModel } from '@shuangchuang/service-kit';
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
  private readonly copies: VersionedReadModel<CarrierDocument>;

  constructor(private readonly models: IntakeModels) {
    this.copies = new VersionedReadModel(models.carriers);
  }

  /** Applies a full carrier state unless the same or a newer version is already stored; true when applied. */
  async apply(state: CarrierState, session?: ClientSession): Promise<boolean> {
    const { carrierId, ...fields } = state;
    return (await this.copies.apply({ _id: carrierId, ...fields }, session)).applied;
  }

  async retire(
    carrierId: string,
    version: number,
    at: Date,
    session?: ClientSession,
  ): Promise<boolean> {
    return this.copies.applyChange(
      carrierId,
      version,
      { status: 'retired', accepting: false, updatedAt: at },
      session,
    );
  }

  async find(carrierId: string): Promise<CarrierDocument | null> {
    return this.models.carriers.findById(carrierId).lean<CarrierDocument>();
  }

  /** The carriers of these ids that the read model holds (one query). */
  async findMany(carrierIds: readonly string[]): Promise<Map<string, CarrierDocument>> {
    if (carrierIds.length === 0) return new Map();
    const found = await this.models.carriers
      .find({ _id: { $in: [...new Set(carrierIds)] } })
      .lean<CarrierDocument[]>();
    return new Map(found.map((carrier) => [carrier._id, carrier]));
  }

  /** Intake's settings of these carriers (one query); a carrier without any is left out. */
  async settingsOfMany(
    carrierIds: readonly string[],
  ): Promise<
    Map<string, { policy: Partial<IncubationPolicy>; criteria: ScoringCriterion[] | null }>
  > {
    if (carrierIds.length === 0) return new Map();
    const found = await this.models.carrierSettings
      .find({ _id: { $in: [...new Set(carrierIds)] } })
      .lean();
    return new Map(
      found.map((settings) => [
        settings._id,
        { policy: settings.policy ?? {}, criteria: settings.criteria ?? null },
      ]),
    );
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
