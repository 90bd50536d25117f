import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditRecord } from '../domain/registry-changes.js';

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

export function auditModel(connection: Connection): Model<AuditDocument> {
  return (
    (connection.models.CarrierAudit as Model<AuditDocument> | undefined) ??
    connection.model<AuditDocument>('CarrierAudit', auditSchema)
  );
}
