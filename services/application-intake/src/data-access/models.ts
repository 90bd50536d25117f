import { registeredModel, type KeptRequestKey } from '@shuangchuang/service-kit';
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import type { DraftContent } from '../domain/application-content.js';
import type { ApplicationStatus, TransitionRecord } from '../domain/application-lifecycle.js';
import type { PrecheckResult } from '../domain/admission-precheck.js';
import type { GraduationFacts } from '../domain/incubation-clock.js';
import type { IncubationPolicy } from '../domain/incubation-policy.js';
import type { ReviewScore, ScoringCriterion } from '../domain/review-scoring.js';

export interface ApplicationDocument {
  _id: string;
  founderId: string;
  carrierId: string;
  status: ApplicationStatus;
  /** Incremented on every change: the ETag. */
  version: number;
  content: DraftContent;
  precheck: PrecheckResult;
  submittedAt: Date | null;
  interviewAt: Date | null;
  scores: ReviewScore[];
  admittedOn: Date | null;
  graduation: GraduationFacts;
  anonymised: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** its history, oldest first: kept in the application, so a change writes one document */
  timeline: TransitionRecord[];
  /**
   * `founderId|carrierId` while the application is the founder's one open application at the
   * carrier (submitted, not yet closed), else null: a unique index on it enforces the rule.
   */
  openSlot: string | null;
  /** the Idempotency-Keys of the requests that wrote it (unique across applications) */
  requestKeys: KeptRequestKey[];
}

/** What intake knows of a carrier, built only from registry.incubator.v1 events. */
export interface CarrierDocument {
  _id: string;
  version: number;
  name: string;
  kind: string;
  status: 'active' | 'retired';
  accepting: boolean;
  updatedAt: Date;
}

/** Intake's own settings for a carrier (kept apart so registry events never overwrite them). */
export interface CarrierIntakeSettingsDocument {
  _id: string;
  policy: Partial<IncubationPolicy>;
  criteria: ScoringCriterion[] | null;
}

export interface FounderDocument {
  _id: string;
  openId: string;
  unionId: string | null;
  createdAt: Date;
}

const mixed = Schema.Types.Mixed;

const applicationSchema = new Schema<ApplicationDocument>(
  {
    _id: { type: String, required: true },
    founderId: { type: String, required: true, index: true },
    carrierId: { type: String, required: true, index: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    content: { type: mixed, required: true },
    precheck: { type: mixed, required: true },
    submittedAt: { type: Date, default: null },
    interviewAt: { type: Date, default: null },
    scores: { type: mixed, default: () => [] },
    admittedOn: { type: Date, default: null },
    graduation: { type: mixed, required: true },
    anonymised: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    timeline: { type: mixed, default: () => [] },
    openSlot: { type: String, default: null },
    requestKeys: { type: mixed, default: () => [] },
  },
  { versionKey: false, minimize: false, collection: 'applications' },
);
applicationSchema.index(
  { openSlot: 1 },
  { unique: true, partialFilterExpression: { openSlot: { $type: 'string' } } },
);
// only applications holding a key are indexed (many hold none: anonymised ones, older ones),
// and a lookup by key implies the filter, so it uses the index
applicationSchema.index(
  { 'requestKeys.id': 1 },
  { unique: true, partialFilterExpression: { 'requestKeys.id': { $exists: true } } },
);

const carrierSchema = new Schema<CarrierDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    status: { type: String, required: true },
    accepting: { type: Boolean, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'carriers' },
);

const carrierIntakeSettingsSchema = new Schema<CarrierIntakeSettingsDocument>(
  {
    _id: { type: String, required: true },
    policy: { type: mixed, default: {} },
    criteria: { type: mixed, default: null },
  },
  { versionKey: false, minimize: false, collection: 'carrier_intake_settings' },
);

const founderSchema = new Schema<FounderDocument>(
  {
    _id: { type: String, required: true },
    openId: { type: String, required: true, unique: true },
    unionId: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'founders' },
);

export interface IntakeModels {
  applications: Model<ApplicationDocument>;
  carriers: Model<CarrierDocument>;
  carrierSettings: Model<CarrierIntakeSettingsDocument>;
  founders: Model<FounderDocument>;
}

export function intakeModels(connection: Connection): IntakeModels {
  return {
    applications: registeredModel(connection, 'Application', applicationSchema),
    carriers: registeredModel(connection, 'Carrier', carrierSchema),
    carrierSettings: registeredModel(
      connection,
      'CarrierIntakeSettings',
      carrierIntakeSettingsSchema,
    ),
    founders: registeredModel(connection, 'Founder', founderSchema),
  };
}

/**
 * The model's collection through the driver, typed with the model's document. For hot-path writes
 * of documents the code builds complete (mongoose would add building and validating a document).
 */
export function driverCollection<T extends mongo.Document>(model: Model<T>): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}
