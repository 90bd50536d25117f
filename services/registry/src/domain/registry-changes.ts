import type { Carrier, Honor } from './carrier.js';

/** Who made a change: a staff member from the token (no personal data beyond a display name). */
export interface Actor {
  userId: string;
  name?: string;
}

export type AuditAction =
  'created' | 'updated' | 'retired' | 'honor-awarded' | 'honor-revoked' | 'imported';

export interface FieldChange {
  field: string;
  summary?: string;
}

/** One line of the audit trail: who changed which fields of a carrier, when, to which version. */
export interface AuditRecord {
  carrierId: string;
  action: AuditAction;
  actor: Actor;
  version: number;
  at: string;
  changes: FieldChange[];
  requestId?: string;
}

/** Facts the registry publishes on registry.incubator.v1 (outgoing events are built from these). */
export type RegistryFact =
  | { type: 'created'; carrier: Carrier }
  | { type: 'updated'; carrier: Carrier }
  | { type: 'honor-awarded'; carrier: Carrier; honor: Honor }
  | { type: 'retired'; carrier: Carrier; reason: string };

const TRACKED_FIELDS = [
  'kind',
  'demoBaseType',
  'level',
  'name',
  'aliases',
  'operator',
  'location',
  'focusIndustries',
  'services',
  'statistics',
  'intake',
  'pipelineNextCarrierIds',
  'status',
] as const;

/** The fields whose values differ between two states of a carrier, for the audit trail. */
export function changedFields(before: Carrier, after: Carrier): FieldChange[] {
  return TRACKED_FIELDS.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  ).map((field) => ({ field }));
}
