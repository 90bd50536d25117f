import type { Carrier, Honor } from './carrier.js';
import {
  awardHonor,
  carrierIdentityKey,
  checkPipelineLinks,
  createCarrier,
  nameKeysOf,
  retireCarrier,
  revokeHonor,
  updateCarrier,
  validateCarrierDraft,
  validateHonorInput,
  type HonorInput,
} from './carrier-rules.js';
import type { CarrierStore, CarrierTransaction } from './carrier-store.js';
import {
  CarrierNotFoundError,
  CarrierValidationError,
  DuplicateCarrierError,
  ImportRejectedError,
} from './errors.js';
import {
  changedFields,
  type Actor,
  type AuditRecord,
  type RegistryFact,
} from './registry-changes.js';
import type { CarrierDraft } from './carrier.js';
import { planNoticeImport, type ImportPlan, type NoticeMetadata } from '../import/import-plan.js';
import type { ParsedNotice } from '../import/notice-rows.js';

export interface WriteContext {
  actor: Actor;
  requestId?: string;
}

export interface ImportOutcome {
  plan: ImportPlan;
  applied: boolean;
  /** carrier id per line, for matched and created rows (created ids only once applied) */
  carrierIdByLine: Map<number, string>;
}

/** The registry's use cases: each validates, applies the rules and stores the result atomically. */
export class CarrierRegistry {
  constructor(
    private readonly store: CarrierStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(id: string): Promise<Carrier> {
    const carrier = await this.store.findById(id);
    if (!carrier) throw new CarrierNotFoundError(id);
    return carrier;
  }

  async create(input: unknown, context: WriteContext): Promise<Carrier> {
    const draft = validateCarrierDraft(input);
    const id = this.store.newId();
    const carrier = createCarrier(draft, id, this.clock());
    await this.store.inTransaction(async (tx) => {
      await this.assertNotDuplicate(tx, draft, undefined);
      await this.assertPipelineLinks(tx, carrier);
      await tx.insert(
        carrier,
        [this.audit(carrier, 'created', context, [{ field: 'carrier', summary: carrier.name }])],
        [{ type: 'created', carrier }],
      );
    });
    return carrier;
  }

  async update(
    id: string,
    input: unknown,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<Carrier> {
    const draft = validateCarrierDraft(input);
    return this.store.inTransaction(async (tx) => {
      const current = await this.load(tx, id);
      const next = updateCarrier(current, draft, expectedVersion, this.clock());
      await this.assertNotDuplicate(tx, draft, id);
      await this.assertPipelineLinks(tx, next);
      await tx.replace(
        next,
        current.version,
        [this.audit(next, 'updated', context, changedFields(current, next))],
        [{ type: 'updated', carrier: next }],
      );
      return next;
    });
  }

  async retire(
    id: string,
    expectedVersion: number | undefined,
    reason: string,
    context: WriteContext,
  ): Promise<Carrier> {
    return this.store.inTransaction(async (tx) => {
      const current = await this.load(tx, id);
      const next = retireCarrier(current, expectedVersion, this.clock());
      await tx.replace(
        next,
        current.version,
        [this.audit(next, 'retired', context, [{ field: 'status', summary: reason }])],
        [
          { type: 'retired', carrier: next, reason },
          { type: 'updated', carrier: next },
        ],
      );
      return next;
    });
  }

  async awardHonor(
    id: string,
    input: unknown,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<{ carrier: Carrier; honor: Honor; awarded: boolean }> {
    const honorInput = validateHonorInput(input);
    return this.store.inTransaction(async (tx) => {
      const current = await this.load(tx, id);
      const result = await this.award(
        tx,
        current,
        honorInput,
        expectedVersion,
        context,
        'honor-awarded',
      );
      return result;
    });
  }

  async revokeHonor(
    id: string,
    honorId: string,
    expectedVersion: number | undefined,
    context: WriteContext,
  ): Promise<Carrier> {
    return this.store.inTransaction(async (tx) => {
      const current = await this.load(tx, id);
      const { carrier, honor } = revokeHonor(current, honorId, expectedVersion, this.clock());
      await tx.replace(
        carrier,
        current.version,
        [
          this.audit(carrier, 'honor-revoked', context, [
            { field: 'honors', summary: `撤销 ${honor.title}` },
          ]),
        ],
        [{ type: 'updated', carrier }],
      );
      return carrier;
    });
  }

  /**
   * Previews or applies the list of a notice. Applying creates the missing carriers and awards
   * the notice's honor in one transaction, or refuses (nothing written) while a row is
   * unparseable or ambiguous. Carriers that already hold the honor are left alone, so applying
   * the same notice again changes nothing.
   */
  async importNotice(
    parsed: ParsedNotice,
    notice: NoticeMetadata,
    dryRun: boolean,
    context: WriteContext,
  ): Promise<ImportOutcome> {
    const nameKeys = parsed.rows.flatMap((row) => nameKeysOf({ name: row.name, aliases: [] }));
    if (dryRun) {
      const plan = planNoticeImport(parsed, notice, await this.store.findByNameKeys(nameKeys));
      return { plan, applied: false, carrierIdByLine: matchedIds(plan) };
    }
    return this.store.inTransaction(async (tx) => {
      const plan = planNoticeImport(parsed, notice, await tx.findByNameKeys(nameKeys));
      if (!plan.applicable) throw new ImportRejectedError(rowProblems(plan));
      const carrierIdByLine = matchedIds(plan);
      const source = [notice.documentNumber, notice.title].filter(Boolean).join(' ');
      for (const entry of plan.entries) {
        if (entry.outcome === 'created') {
          const created = createCarrier(entry.draft, this.store.newId(), this.clock());
          const { carrier, honor } = awardHonor(
            created,
            plan.honor,
            this.store.newId(),
            undefined,
            this.clock(),
          );
          const withHonorAtVersionOne = { ...carrier, version: 1 };
          await tx.insert(
            withHonorAtVersionOne,
            [
              this.audit(withHonorAtVersionOne, 'imported', context, [
                { field: 'carrier', summary: `${source} 第${entry.row.sequence}行 新建` },
                { field: 'honors', summary: `新增 ${honor.title}` },
              ]),
            ],
            [
              { type: 'created', carrier: withHonorAtVersionOne },
              { type: 'honor-awarded', carrier: withHonorAtVersionOne, honor },
            ],
          );
          carrierIdByLine.set(entry.line, withHonorAtVersionOne.id);
        } else if (entry.outcome === 'matched' && !entry.honorAlreadyHeld) {
          const current = await this.load(tx, entry.carrierId);
          await this.award(tx, current, plan.honor, undefined, context, 'imported');
        }
      }
      return { plan, applied: true, carrierIdByLine };
    });
  }

  private async award(
    tx: CarrierTransaction,
    current: Carrier,
    honorInput: HonorInput,
    expectedVersion: number | undefined,
    context: WriteContext,
    action: 'honor-awarded' | 'imported',
  ) {
    const result = awardHonor(
      current,
      honorInput,
      this.store.newId(),
      expectedVersion,
      this.clock(),
    );
    if (result.awarded) {
      await tx.replace(
        result.carrier,
        current.version,
        [
          this.audit(result.carrier, action, context, [
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

  private async load(tx: CarrierTransaction, id: string): Promise<Carrier> {
    const carrier = await tx.findById(id);
    if (!carrier) throw new CarrierNotFoundError(id);
    return carrier;
  }

  private async assertNotDuplicate(
    tx: CarrierTransaction,
    draft: CarrierDraft,
    ownId: string | undefined,
  ): Promise<void> {
    const identity = carrierIdentityKey(draft);
    const sameName = await tx.findByNameKeys(nameKeysOf(draft));
    const duplicate = sameName.find(
      (c) => c.id !== ownId && c.status === 'active' && carrierIdentityKey(c) === identity,
    );
    if (duplicate) throw new DuplicateCarrierError(duplicate.id, draft.name);
  }

  private async assertPipelineLinks(tx: CarrierTransaction, carrier: Carrier): Promise<void> {
    const ids = carrier.pipelineNextCarrierIds;
    if (ids.length === 0) return;
    const targets = await Promise.all(ids.map((id) => tx.findById(id)));
    const problems = checkPipelineLinks(carrier, targets, ids);
    if (problems.length > 0) throw new CarrierValidationError(problems);
  }

  private audit(
    carrier: Carrier,
    action: AuditRecord['action'],
    context: WriteContext,
    changes: AuditRecord['changes'],
  ): AuditRecord {
    return {
      carrierId: carrier.id,
      action,
      actor: context.actor,
      version: carrier.version,
      at: carrier.updatedAt,
      changes,
      ...(context.requestId && { requestId: context.requestId }),
    };
  }
}

function matchedIds(plan: ImportPlan): Map<number, string> {
  return new Map(
    plan.entries.flatMap((e) => (e.outcome === 'matched' ? [[e.line, e.carrierId] as const] : [])),
  );
}

function rowProblems(plan: ImportPlan) {
  return plan.entries.flatMap((e) =>
    e.outcome === 'unparseable' || e.outcome === 'ambiguous'
      ? [{ path: `content.line.${e.line}`, message: `${e.outcome}: ${e.reason}` }]
      : [],
  );
}
