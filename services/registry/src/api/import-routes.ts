import type { JwtAuth } from '@shuangchuang/service-kit';
import type { Router } from 'express';
import type { CarrierRegistry } from '../domain/carrier-registry.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import type { ImportEntry, ImportPlan } from '../import/import-plan.js';
import { parseNoticeCsv } from '../import/notice-csv-parser.js';
import { parseNoticeText } from '../import/notice-text-parser.js';
import { handle, REGISTRY_ADMIN, writeContext } from './carrier-routes.js';

interface NoticeImportBody {
  dryRun?: boolean;
  notice: {
    title: string;
    issuer: string;
    documentNumber: string;
    date: string;
    batch?: string;
    honorTitle: string;
    level: Level;
    kind: CarrierKind;
  };
  format: 'text' | 'csv';
  content: string;
}

export function mountImportRoutes(
  router: Router,
  deps: { registry: CarrierRegistry; auth: JwtAuth },
): void {
  router.post(
    '/imports',
    deps.auth.requireRoles(REGISTRY_ADMIN),
    handle(async (req, res) => {
      const body = req.body as NoticeImportBody;
      const dryRun = body.dryRun ?? true;
      const parsed =
        body.format === 'csv' ? parseNoticeCsv(body.content) : parseNoticeText(body.content);
      const { notice } = body;
      const outcome = await deps.registry.importNotice(
        parsed,
        {
          title: notice.title,
          issuer: notice.issuer,
          documentNumber: notice.documentNumber,
          date: notice.date,
          ...(notice.batch && { batch: notice.batch }),
          honorTitle: notice.honorTitle,
          honorLevel: notice.level,
          carrierKind: notice.kind,
        },
        dryRun,
        writeContext(req),
      );
      res.json({
        dryRun,
        documentNumber: notice.documentNumber,
        summary: summaryOf(outcome.plan),
        rows: outcome.plan.entries.map((entry) => rowOf(entry, outcome.carrierIdByLine)),
      });
    }),
  );
}

function summaryOf(plan: ImportPlan) {
  const { rows, matched, created, unchanged, ambiguous, unparseable } = plan.summary;
  // the API counts carriers that already hold the honor as `unchanged`, not `matched`
  return { rows, matched: matched - unchanged, created, unchanged, ambiguous, unparseable };
}

function rowOf(entry: ImportEntry, carrierIdByLine: Map<number, string>) {
  if (entry.outcome === 'unparseable') {
    return { row: entry.line, line: entry.line, outcome: entry.outcome, reason: entry.reason };
  }
  const carrierId = carrierIdByLine.get(entry.line);
  return {
    row: entry.row.sequence,
    line: entry.line,
    outcome:
      entry.outcome === 'matched' && entry.honorAlreadyHeld
        ? ('unchanged' as const)
        : entry.outcome,
    province: entry.row.province,
    name: entry.row.name,
    operatorName: entry.row.operatorName,
    ...(carrierId && { carrierId }),
    ...(entry.outcome === 'ambiguous' && {
      candidateIds: entry.candidateIds,
      reason: entry.reason,
    }),
  };
}
