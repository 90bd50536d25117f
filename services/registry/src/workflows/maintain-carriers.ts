// The registry's use cases on one carrier: each validates, applies the rules and stores the
// carrier with its audit lines and events in one transaction.
import type { Carrier, CarrierDraft, Honor } from '../domain/carrier.js';
import * as rules from '../domain/carrier-rules.js';
import type { HonorInput } from '../domain/carrier-rules.js';
import {
  CarrierNotFoundError,
  CarrierValidationError,
  DuplicateCarrierError,
} from '../domain/errors.js';
import { changedFields, type AuditRecord, type RegistryFact } from '../domain/registry-changes.js';
import type { CarrierTransaction, RegistryContext, WriteContext } from './registry-context.js';

export async function getCarrier(context: RegistryContext, id: string): Promise<Carrier> {
  const carrier = await context.store.findById(id);
  if (!carrier) throw new CarrierNotFoundError(id);
  return carrier;
}

export async function createCarrier(
  context: RegistryContext,
  input: unknown,
  by: WriteContext,
): Promise<Carrier> {
  const draft = rules.validateCarrierDraft(input);
  const carrier = rules.createCarrier(draft, context.store.newId(), context.now());
  await context.store.inTransaction(async (tx) => {
    await assertNotDuplicate(tx, draft, undefined);
    await assertPipelineLinks(tx, carrier);
    await tx.insert(
      carrier,
      [auditOf(carrier, 'created', by, [{ field: 'carrier', summary: carrier.name }])],
      [{ type: 'created', carrier }],
    );
  });
  return carrier;
}

export async function updateCarrier(
  context: RegistryContext,
  id: string,
  input: unknown,
  expectedVersion: number | undefined,
  by: WriteContext,
): Promise<Carrier> {
  const draft = rules.validateCarrierDraft(input);
  return context.store.inTransaction(async (tx) => {
    const current = await load(tx, id);
    const next = rules.updateCarrier(current, draft, expectedVersion, context.now());
    await assertNotDuplicate(tx, draft, id);
    await assertPipelineLinks(tx, next);
    await tx.replace(
      next,
      current.version,
      [auditOf(next, 'updated', by, changedFields(current, next))],
      [{ type: 'updated', carrier: next }],
    );
    return next;
  });
}

export async function retireCarrier(
  context: RegistryContext,
  id: string,
  expectedVersion: number | undefined,
  reason: string,
  by: WriteContext,
): Promise<Carrier> {
  return context.store.inTransaction(async (tx) => {
    const current = await load(tx, id);
    const next = rules.retireCarrier(current, expectedVersion, context.now());
    await tx.replace(
      next,
      current.version,
      [auditOf(next, 'retired', by, [{ field: 'status', summary: reason }])],
      [
        { type: 'retired', carrier: next, reason },
        { type: 'updated', carrier: next },
      ],
    );
    return next;
  });
}

/** Awarding an honor the carrier already holds (same title and document number) changes nothing. */
export async function awardHonor(
  context: RegistryContext,
  id: string,
  input: unknown,
  expectedVersion: number | undefined,
  by: WriteContext,
): Promise<{ carrier: Carrier; honor: Honor; awarded: boolean }> {
  const honorInput = rules.validateHonorInput(input);
  return context.store.inTransaction(async (tx) =>
    awardIn(context, tx, await load(tx, id), honorInput, expectedVersion, by, 'honor-awarded'),
  );
}

export async function revokeHonor(
  context: RegistryContext,
  id: string,
  honorId: string,
  expectedVersion: number | undefined,
  by: WriteContext,
): Promise<Carrier> {
  return context.store.inTransaction(async (tx) => {
    const current = await load(tx, id);
    const { carrier, honor } = rules.revokeHonor(current, honorId, expectedVersion, context.now());
    await tx.replace(
      carrier,
      current.version,
      [
        auditOf(carrier, 'honor-revoked', by, [
          { field: 'honors', summary: `撤销 ${honor.title}` },
        ]),
      ],
      [{ type: 'updated', carrier }],
    );
    return carrier;
  });
}

export interface AuditPage {
  items: Array<Omit<AuditRecord, 'requestId'> & { id: string }>;
  nextCursor: string | null;
}

/** A carrier's audit trail, newest first; 404 for an unknown carrier rather than an empty trail. */
export async function listCarrierAudit(
  context: RegistryContext,
  carrierId: string,
  page: { cursor?: string; limit: number },
): Promise<AuditPage> {
  await getCarrier(context, carrierId);
  const entries = await context.store.listAudit(carrierId, page.cursor, page.limit + 1);
  const items = entries.slice(0, page.limit).map(({ requestId: _requestId, ...entry }) => entry);
  return {
    items,
    nextCursor: entries.length > page.limit ? items[items.length - 1]!.id : null,
  };
}

/** Awards an honor inside a transaction: shared by awardHonor and the notice import. */
export async function awardIn(
  context: RegistryContext,
  tx: CarrierTransaction,
  current: Carrier,
  honorInput: HonorInput,
  expectedVersion: number | undefined,
  by: WriteContext,
  action: 'honor-awarded' | 'imported',
) {
  const result = rules.awardHonor(
    current,
    honorInput,
    context.store.newId(),
    expectedVersion,
    context.now(),
  );
  if (result.awarded) {
    await tx.replace(
      result.carrier,
      current.version,
      [
        auditOf(result.carrier, action, by, [
          { field: 'honors', summary: `新增 ${result.honor.title}` },
        ]),
      ],
      [
        { type: 'honor-awarded', carrier: result.carrier, honor: result.honor },
        { type: 'updated', carrier: result.carrier },
      ] satisfies RegistryFact[],
    );
  }
  return result;
}

export async function load(tx: CarrierTransaction, id: string): Promise<Carrier> {
  const carrier = await tx.findById(id);
  if (!carrier) throw new CarrierNotFoundError(id);
  return carrier;
}

export function auditOf(
  carrier: Carrier,
  action: AuditRecord['action'],
  by: WriteContext,
  changes: AuditRecord['changes'],
): AuditRecord {
  return {
    carrierId: carrier.id,
    action,
    actor: by.actor,
    version: carrier.version,
    at: carrier.updatedAt,
    changes,
    ...(by.requestId && { requestId: by.requestId }),
  };
}

async function assertNotDuplicate(
  tx: CarrierTransaction,
  draft: CarrierDraft,
  ownId: string | undefined,
): Promise<void> {
  const identity = rules.carrierIdentityKey(draft);
  const sameName = await tx.findByNameKeys(rules.nameKeysOf(draft));
  const duplicate = sameName.find(
    (c) => c.id !== ownId && c.status === 'active' && rules.carrierIdentityKey(c) === identity,
  );
  if (duplicate) throw new DuplicateCarrierError(duplicate.id, draft.name);
}

/** The carriers it feeds into exist, are active and come later on the founder's path (one read). */
async function assertPipelineLinks(tx: CarrierTransaction, carrier: Carrier): Promise<void> {
  const ids = carrier.pipelineNextCarrierIds;
  if (ids.length === 0) return;
  const found = new Map((await tx.findByIds(ids)).map((target) => [target.id, target]));
  const problems = rules.checkPipelineLinks(
    carrier,
    ids.map((id) => found.get(id)),
    ids,
  );
  if (problems.length > 0) throw new CarrierValidationError(problems);
}
