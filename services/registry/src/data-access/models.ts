import { Schema, type Connection, type Model } from 'mongoose';
import { registeredModel } from '@shuangchuang/service-kit';
import type { Carrier } from '../domain/carrier.js';
import type { AuditRecord } from '../domain/registry-changes.js';

/** A carrier as stored: the domain shape plus keys derived for search and matching. */
export interface CarrierDocument extends Omit<Carrier, 'id'> {
  _id: string;
  /** chinese-text search keys (bigrams, pinyin, initials) of names, operator, places, fields */
  searchKeys: string[];
  /** normalised name and aliases, for matching imported rows */
  nameKeys: string[];
  /** normalised name + operator; unique among active carriers */
  identityKey: string;
  /** honor titles, for the honor filter */
  honorTitles: string[];
  /** every service of every group, for the service filter */
  serviceList: string[];
  /** [lng, lat] when known, for distance sorting */
  point?: [number, number];
}

const honorSchema = new Schema(
  {
    honorId: { type: String, required: true },
    title: { type: String, required: true },
    level: { type: String, required: true },
    issuer: { type: String, required: true },
    documentNumber: String,
    batch: String,
    year: Number,
    awardedOn: String,
  },
  { _id: false },
);

const carrierSchema = new Schema<CarrierDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    demoBaseType: String,
    level: String,
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    operator: {
      name: { type: String, required: true },
      type: { type: String, required: true },
    },
    location: {
      province: { type: String, required: true },
      city: String,
      district: String,
      address: String,
      coordinates: {
        type: { lng: Number, lat: Number, approximate: Boolean, _id: false },
        default: undefined,
      },
    },
    focusIndustries: { type: [String], default: [] },
    services: {
      basic: { type: [String], default: [] },
      professional: { type: [String], default: [] },
      valueAdded: { type: [String], default: [] },
    },
    statistics: {
      areaSquareMeters: Number,
      residentCompanies: Number,
      cumulativeIncubated: Number,
      graduatedCompanies: Number,
      jobsCreated: Number,
      mentors: Number,
    },
    intake: {
      accepting: { type: Boolean, required: true },
      requirements: String,
      contact: {
        type: { office: String, phone: String, email: String, _id: false },
        default: undefined,
      },
    },
    images: {
      type: [{ url: { type: String, required: true }, caption: String, _id: false }],
      default: [],
    },
    pipelineNextCarrierIds: { type: [String], default: [] },
    honors: { type: [honorSchema], default: [] },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    searchKeys: { type: [String], default: [] },
    nameKeys: { type: [String], default: [] },
    identityKey: { type: String, required: true },
    honorTitles: { type: [String], default: [] },
    serviceList: { type: [String], default: [] },
    point: { type: [Number], default: undefined },
  },
  { collection: 'carriers', versionKey: false, strict: 'throw', minimize: false },
);

// searchKeys are read by the in-memory search index (src/search/), not queried here.
carrierSchema.index({ nameKeys: 1 });
// Two active carriers with the same name and operator are one carrier registered twice.
carrierSchema.index(
  { identityKey: 1 },
  { unique: true, partialFilterExpression: { status: 'active' }, name: 'active_identity' },
);
carrierSchema.index({ status: 1, 'location.province': 1, kind: 1, level: 1 });
carrierSchema.index({ status: 1, createdAt: -1, _id: -1 });

export interface AuditDocument extends AuditRecord {
  _id: string;
}

const auditSchema = new Schema<AuditDocument>(
  {
    _id: { type: String, required: true },
    carrierId: { type: String, required: true },
    action: { type: String, required: true },
    actor: { userId: { type: String, required: true }, name: String },
    version: { type: Number, required: true },
    at: { type: String, required: true },
    changes: {
      type: [{ field: { type: String, required: true }, summary: String, _id: false }],
      default: [],
    },
    requestId: String,
  },
  { collection: 'carrier_audit', versionKey: false, strict: 'throw' },
);

// Newest first per carrier; _id (time-ordered) breaks ties between lines written together.
auditSchema.index({ carrierId: 1, _id: -1 });

export interface RegistryModels {
  carriers: Model<CarrierDocument>;
  audit: Model<AuditDocument>;
}

/** The registry's collections on its own connection (startService prepares them). */
export function registryModels(connection: Connection): RegistryModels {
  return {
    carriers: registeredModel(connection, 'Carrier', carrierSchema),
    audit: registeredModel(connection, 'CarrierAudit', auditSchema),
  };
}
