import * as rules from '../domain/carrier-rules.js';
import { ImportRejectedError } from '../domain/errors.js';
import {
  planNoticeImport,
  type ImportPlan,
  type NoticeMetadata,
} from '../domain/notice-import-plan.js';
import type { ParsedNotice } from '../domain/notice-rows.js';
import { auditOf, awardIn, load } from './maintain-carriers.js';
import type { RegistryContext, WriteContext } from './registry-context.js';

export interface ImportOutcome {
  plan: ImportPlan;
  applied: boolean;
  /** carrier id per line, for matched and created rows (created ids only once applied) */
  carrierIdByLine: Map<number, string>;
}

/**
 * Previews or applies the list of a notice. Applying creates the missing carriers and awards
 * the notice's honor in one transaction, or refuses (nothing written) while a row is
 * unparseable or ambiguous. Carriers that already hold the honor are left alone, so applying
 * the same notice again changes nothing.
 */
export async function importNotice(
  context: RegistryContext,
  parsed: ParsedNotice,
  notice: NoticeMetadata,
  dryRun: boolean,
  by: WriteContext,
): Promise<ImportOutcome> {
  const { store } = context;
  const nameKeys = parsed.rows.flatMap((row) => rules.nameKeysOf({ name: row.name, aliases: [] }));
  if (dryRun) {
    const plan = planNoticeImport(parsed, notice, await store.findByNameKeys(nameKeys));
    return { plan, applied: false, carrierIdByLine: matchedIds(plan) };
  }
  return store.inTransaction(async (tx) => {
    const plan = planNoticeImport(parsed, notice, await tx.findByNameKeys(nameKeys));
    if (!plan.applicable) throw new ImportRejectedError(rowProblems(plan));
    const carrierIdByLine = matchedIds(plan);
    const source = [notice.documentNumber, notice.title].filter(Boolean).join(' ');
    for (const entry of plan.entries) {
      if (entry.outcome === 'created') {
        const created = rules.createCarrier(entry.draft, store.newId(), context.now());
        const { carrier, honor } = rules.awardHonor(
          created,
          plan.honor,
          store.newId(),
          undefined,
          context.now(),
        );
        const withHonorAtVersionOne = { ...carrier, version: 1 };
        await tx.insert(
          withHonorAtVersionOne,
          [
            auditOf(withHonorAtVersionOne, 'imported', by, [
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
        const current = await load(tx, entry.carrierId);
        await awardIn(context, tx, current, plan.honor, undefined, by, 'imported');
      }
    }
    return { plan, applied: true, carrierIdByLine };
  });
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
