import { registeredModel } from '@shuangchuang/service-kit';
import { Schema, type Connection, type Model } from 'mongoose';
import type {
  ArticleContent,
  ArticleStatus,
  MentionedCarrier,
  Revision,
} from '../domain/article.js';
import type { ImportReport } from '../domain/import-report.js';

/** An article as stored: the domain shape flattened, plus keys derived for search and linking. */
export interface ArticleDocument {
  _id: string;
  version: number;
  revision: number;
  status: ArticleStatus;
  content: ArticleContent;
  mentionedCarriers: MentionedCarrier[];
  /** ids of mentionedCarriers (a carrier's news), for readers of the collection */
  mentionedCarrierIds: string[];
  publishedAt?: Date;
  scheduledAt?: Date;
  retraction?: { reason: string; at: Date };
  revisions: Revision[];
  /**
   * chinese-text keys of title, summary and body text (simplified; traditional input normalised),
   * read into the in-memory search index at start
   */
  searchKeys: string[];
  importReport?: ImportReport;
  /** MinHash of the cleaned text (domain/content-fingerprint.ts), absent for very short texts */
  fingerprint?: string;
  /** its 16 bands, indexed: probable duplicates share one */
  fingerprintBands?: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The content of each revision, kept whole. */
export interface ArticleRevisionDocument {
  _id: string;
  articleId: string;
  revision: number;
  content: ArticleContent;
  by: string;
  at: Date;
}

/** A registry carrier as news-feed knows it, from registry.incubator.v1 only. */
export interface CarrierDocument {
  _id: string;
  version: number;
  name: string;
  aliases: string[];
  /** normalised names (chinese-text organisation keys) looked for in article text */
  mentionKeys: string[];
  status: 'active' | 'retired';
}

const contentSchema = new Schema<ArticleContent>(
  {
    kind: { type: String, required: true },
    title: { type: String, required: true },
    summary: String,
    bodyHtml: { type: String, default: '' },
    coverImageUrl: String,
    source: {
      type: { outlet: String, originalUrl: String, author: String, editor: String, _id: false },
      default: undefined,
    },
    region: String,
    tags: { type: [String], default: [] },
    publishedAt: Date,
  },
  { _id: false },
);

const articleSchema = new Schema<ArticleDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    revision: { type: Number, required: true },
    status: { type: String, required: true },
    content: { type: contentSchema, required: true },
    mentionedCarriers: {
      type: [{ id: String, name: String, _id: false }],
      default: [],
    },
    mentionedCarrierIds: { type: [String], default: [] },
    publishedAt: Date,
    scheduledAt: Date,
    retraction: { type: { reason: String, at: Date, _id: false }, default: undefined },
    revisions: {
      type: [
        { revision: Number, at: Date, by: String, title: String, comment: String, _id: false },
      ],
      default: [],
    },
    searchKeys: { type: [String], default: [] },
    // written once by the import, acknowledged at approval; read whole
    importReport: { type: Schema.Types.Mixed, default: undefined },
    fingerprint: String,
    fingerprintBands: { type: [String], default: undefined },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'articles', versionKey: false, autoIndex: false },
);
// the published articles, loaded into memory at start (the feed and search are answered there:
// neither searchKeys nor mentionedCarrierIds is queried, so neither is indexed)
articleSchema.index({ status: 1, publishedAt: -1, _id: -1 });
// the editorial desk and the scheduler
articleSchema.index({ updatedAt: -1, _id: -1 });
articleSchema.index({ status: 1, scheduledAt: 1 });
// probable duplicates of an import: one query on the bands of its fingerprint
articleSchema.index({ fingerprintBands: 1 });

const revisionSchema = new Schema<ArticleRevisionDocument>(
  {
    _id: { type: String, required: true },
    articleId: { type: String, required: true },
    revision: { type: Number, required: true },
    content: { type: contentSchema, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'article_revisions', versionKey: false, autoIndex: false },
);

const carrierSchema = new Schema<CarrierDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    aliases: { type: [String], default: [] },
    mentionKeys: { type: [String], default: [] },
    status: { type: String, required: true },
  },
  { collection: 'carriers', versionKey: false, autoIndex: false },
);

export interface NewsFeedModels {
  articles: Model<ArticleDocument>;
  revisions: Model<ArticleRevisionDocument>;
  carriers: Model<CarrierDocument>;
}

/** news-feed's collections; startService prepares them and their indexes. */
export function newsFeedModels(connection: Connection): NewsFeedModels {
  return {
    articles: registeredModel(connection, 'Article', articleSchema),
    revisions: registeredModel(connection, 'ArticleRevision', revisionSchema),
    carriers: registeredModel(connection, 'Carrier', carrierSchema),
  };
}
