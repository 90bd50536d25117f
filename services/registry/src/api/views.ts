// The registry's API shapes (registry.yaml) from and to the workflows' words.
import type { RegistryApi } from '@shuangchuang/contracts';
import type { Carrier } from '../domain/carrier.js';
import type { ImportEntry, ImportPlan, NoticeMetadata } from '../domain/notice-import-plan.js';
import type { CarrierSearchRequest } from '../search/carrier-search.js';
import type { ImportOutcome } from '../workflows/import-notice.js';

type Schemas = RegistryApi.components['schemas'];
type SearchQuery = NonNullable<RegistryApi.operations['searchCarriers']['parameters']['query']>;

/** A carrier as the API shows it (`Carrier`). */
export function carrierView(carrier: Carrier): Schemas['Carrier'] {
  const { pipelineNextCarrierIds, honors, ...fields } = carrier;
  return {
    ...fields,
    honors: honors.map(({ honorId, ...honor }) => ({ id: honorId, ...honor })),
    pipeline: { feedsInto: pipelineNextCarrierIds },
  };
}

/** A `CarrierInput` body in the domain's words: pipeline.feedsInto → pipelineNextCarrierIds. */
export function carrierInputOf(body: Schemas['CarrierInput']): unknown {
  const { pipeline, ...rest } = body;
  return { ...rest, pipelineNextCarrierIds: pipeline?.feedsInto ?? [] };
}

/** The search query as the search reads it; `near` "lng,lat" becomes a point. */
export function searchRequestOf(
  query: SearchQuery,
): Omit<CarrierSearchRequest, 'near'> & { near?: { lng: number; lat: number } } {
  const [lng, lat] = query.near ? query.near.split(',').map(Number) : [];
  return {
    q: query.q,
    kinds: query.kind,
    levels: query.level,
    province: query.province,
    city: query.city,
    industry: query.industry,
    service: query.service,
    honor: query.honor,
    ...(query.accepting !== undefined && { accepting: query.accepting }),
    ...(query.near && { near: { lng: lng!, lat: lat! } }),
    sort: query.sort ?? 'relevance',
    cursor: query.cursor,
    limit: query.limit ?? 20,
  };
}

export function noticeMetadataOf(notice: Schemas['NoticeImport']['notice']): NoticeMetadata {
  return {
    title: notice.title,
    issuer: notice.issuer,
    documentNumber: notice.documentNumber,
    date: notice.date,
    ...(notice.batch && { batch: notice.batch }),
    honorTitle: notice.honorTitle,
    honorLevel: notice.level,
    carrierKind: notice.kind,
  };
}

export function importResultView(
  dryRun: boolean,
  documentNumber: string,
  outcome: ImportOutcome,
): Schemas['ImportResult'] {
  return {
    dryRun,
    documentNumber,
    summary: summaryOf(outcome.plan),
    rows: outcome.plan.entries.map((entry) => rowOf(entry, outcome.carrierIdByLine)),
  };
}

function summaryOf(plan: ImportPlan) {
  const { rows, matched, created, unchanged, ambiguous, unparseable } = plan.summary;
  // the API counts carriers that already hold the honor as `unchanged`, not `matched`
  return { rows, matched: matched - unchanged, created, unchanged, ambiguous, unparseable };
}

function rowOf(entry: ImportEntry, carrierIdByLine: Map<number, string>): Schemas['ImportRow'] {
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
