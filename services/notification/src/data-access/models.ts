import { Schema, type Connection } from 'mongoose';
import type { Channel, Preferences } from '../domain/preferences.js';
import type { Notice } from '../domain/notice.js';

/** What notification knows of a carrier, from registry.incubator.v1. */
export interface CarrierDocument {
  _id: string;
  name: string;
  accepting: boolean;
  status: 'active' | 'retired';
  version: number;
}

export interface FollowDocument {
  userId: string;
  carrierId: string;
  followedAt: Date;
}

/** A staff member who reviews applications of a carrier (registered with their token's carrierIds). */
export interface CarrierReviewerDocument {
  userId: string;
  carrierId: string;
  registeredAt: Date;
}

export interface InboxMessageDocument {
  _id: string;
  userId: string;
  category: Notice['category'];
  title: string;
  body: string;
  link?: Notice['link'];
  read: boolean;
  createdAt: Date;
  dedupeKey: string;
}

export interface PreferencesDocument extends Preferences {
  _id: string;
  updatedAt: Date;
}

export interface AuthorisationDocument {
  userId: string;
  templateId: string;
  remaining: number;
  /** the user's openid for this mini-program, recorded with the authorisation */
  openId?: string;
}

export type DeliveryState = 'pending' | 'in_progress' | 'sent' | 'failed' | 'skipped';

/** One message on one push channel, worked off by the dispatcher. */
export interface DeliveryDocument {
  _id: string;
  dedupeKey: string;
  notificationId: string;
  userId: string;
  channel: Exclude<Channel, 'inbox'>;
  notice: Notice;
  sourceEventId: string;
  state: DeliveryState;
  notBefore: Date;
  attempts: number;
  reason?: { code: string; message: string };
  fallbackChannel?: Channel;
  failedAt?: Date;
  sentAt?: Date;
  /** when a dispatcher took it; a claim older than the lease is taken again after a crash */
  claimedAt?: Date;
  createdAt: Date;
}

/** An article waiting for a user's daily digest. */
export interface DigestEntryDocument {
  _id: string;
  userId: string;
  articleId: string;
  title: string;
  carrierNames: string[];
  dueAt: Date;
  digested: boolean;
}

/** What a fan-out job tells each follower, rendered per follower from the carriers they follow. */
export type FollowerMessage =
  | { kind: 'news'; articleId: string; title: string; summary?: string }
  | { kind: 'carrier-accepting'; carrierId: string; carrierName: string };

/**
 * Telling the followers of carriers about one event, a chunk of followers per transaction: the
 * cursor (the last follower told) moves in the same transaction as that chunk's messages, so a
 * job resumed after a crash neither skips nor repeats anyone.
 */
export interface FanOutJobDocument {
  /** derived from the source event: a redelivered event finds its job */
  _id: string;
  sourceEventId: string;
  carrierIds: string[];
  /** names of the carriers above, read once when the job starts */
  carrierNames: Record<string, string>;
  message: FollowerMessage;
  /** the last follower (user id) told; null before the first chunk */
  cursor: string | null;
  state: 'running' | 'done';
  /** recipients told and chunk transactions committed so far */
  told: number;
  chunks: number;
  createdAt: Date;
  finishedAt?: Date;
  /** the worker holding the job, until leaseUntil (wall clock); another takes it over after */
  owner?: string;
  leaseUntil?: Date;
}

const noticeSchema = new Schema(
  {
    template: String,
    category: String,
    title: String,
    body: String,
    link: { type: { page: String, id: String }, _id: false, required: false },
    urgent: Boolean,
    fields: { type: Schema.Types.Mixed, default: {} },
  },
  { _id: false },
);

export function notificationModels(connection: Connection) {
  const carriers = connection.model<CarrierDocument>(
    'Carrier',
    new Schema<CarrierDocument>(
      {
        _id: String,
        name: String,
        accepting: Boolean,
        status: String,
        version: Number,
      },
      { versionKey: false },
    ),
    'carriers',
  );
  const followSchema = new Schema<FollowDocument>(
    { userId: String, carrierId: String, followedAt: Date },
    { versionKey: false },
  );
  followSchema.index({ userId: 1, carrierId: 1 }, { unique: true });
  // followers of a carrier in user order: the fan-out's chunks are ranges of it
  followSchema.index({ carrierId: 1, userId: 1 });
  const follows = connection.model<FollowDocument>('Follow', followSchema, 'follows');

  const reviewerSchema = new Schema<CarrierReviewerDocument>(
    { userId: String, carrierId: String, registeredAt: Date },
    { versionKey: false },
  );
  reviewerSchema.index({ carrierId: 1, userId: 1 }, { unique: true });
  reviewerSchema.index({ userId: 1 });
  const carrierReviewers = connection.model<CarrierReviewerDocument>(
    'CarrierReviewer',
    reviewerSchema,
    'carrier_reviewers',
  );

  const inboxSchema = new Schema<InboxMessageDocument>(
    {
      _id: String,
      userId: String,
      category: String,
      title: String,
      body: String,
      link: { type: { page: String, id: String }, _id: false, required: false },
      read: Boolean,
      createdAt: Date,
      dedupeKey: String,
    },
    { versionKey: false },
  );
  inboxSchema.index({ dedupeKey: 1 }, { unique: true });
  inboxSchema.index({ userId: 1, _id: -1 });
  const inbox = connection.model<InboxMessageDocument>('InboxMessage', inboxSchema, 'inbox');

  const preferences = connection.model<PreferencesDocument>(
    'Preferences',
    new Schema<PreferencesDocument>(
      {
        _id: String,
        channels: { inbox: Boolean, wechat_subscribe: Boolean, sms: Boolean, email: Boolean },
        contacts: { mobile: String, email: String },
        quietHours: { type: Schema.Types.Mixed, default: null },
        digest: { daily: Boolean, at: String },
        updatedAt: Date,
      },
      { versionKey: false },
    ),
    'preferences',
  );

  const authorisationSchema = new Schema<AuthorisationDocument>(
    { userId: String, templateId: String, remaining: Number, openId: String },
    { versionKey: false },
  );
  authorisationSchema.index({ userId: 1, templateId: 1 }, { unique: true });
  const authorisations = connection.model<AuthorisationDocument>(
    'Authorisation',
    authorisationSchema,
    'subscribe_authorisations',
  );

  const deliverySchema = new Schema<DeliveryDocument>(
    {
      _id: String,
      dedupeKey: String,
      notificationId: String,
      userId: String,
      channel: String,
      notice: noticeSchema,
      sourceEventId: String,
      state: String,
      notBefore: Date,
      attempts: Number,
      reason: { type: { code: String, message: String }, _id: false, required: false },
      fallbackChannel: String,
      failedAt: Date,
      sentAt: Date,
      claimedAt: Date,
      createdAt: Date,
    },
    { versionKey: false },
  );
  deliverySchema.index({ dedupeKey: 1 }, { unique: true });
  deliverySchema.index({ state: 1, notBefore: 1 });
  deliverySchema.index({ state: 1, failedAt: -1 });
  deliverySchema.index({ userId: 1 });
  const deliveries = connection.model<DeliveryDocument>('Delivery', deliverySchema, 'deliveries');

  const digestSchema = new Schema<DigestEntryDocument>(
    {
      _id: String,
      userId: String,
      articleId: String,
      title: String,
      carrierNames: [String],
      dueAt: Date,
      digested: Boolean,
    },
    { versionKey: false },
  );
  digestSchema.index({ digested: 1, dueAt: 1 });
  digestSchema.index({ userId: 1 });
  const digestEntries = connection.model<DigestEntryDocument>(
    'DigestEntry',
    digestSchema,
    'digest_entries',
  );

  const fanOutSchema = new Schema<FanOutJobDocument>(
    {
      _id: String,
      sourceEventId: String,
      carrierIds: [String],
      carrierNames: { type: Schema.Types.Mixed, default: {} },
      message: { type: Schema.Types.Mixed, required: true },
      cursor: { type: String, default: null },
      state: String,
      told: Number,
      chunks: Number,
      createdAt: Date,
      finishedAt: Date,
      owner: String,
      leaseUntil: Date,
    },
    { versionKey: false, minimize: false },
  );
  fanOutSchema.index({ state: 1, leaseUntil: 1 });
  const fanOutJobs = connection.model<FanOutJobDocument>('FanOutJob', fanOutSchema, 'fan_out_jobs');

  return {
    carriers,
    follows,
    carrierReviewers,
    inbox,
    preferences,
    authorisations,
    deliveries,
    digestEntries,
    fanOutJobs,
  };
}

export type NotificationModels = ReturnType<typeof notificationModels>;
