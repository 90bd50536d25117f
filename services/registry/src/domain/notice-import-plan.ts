import type { Carrier, CarrierDraft } from './carrier.js';
import {
  carrierIdentityKey,
  distinctAliases,
  nameKeysOf,
  type HonorInput,
} from './carrier-rules.js';
import { inferOperatorType } from './operator-type.js';
import { nameKey } from './text-normalisation.js';
import type { CarrierKind, Level } from './vocabulary.js';
import { honorKey } from './carrier-rules.js';
import type { NoticeRow, ParsedNotice } from './notice-rows.js';

/** What staff post along with the list: which notice it is and what it designates. */
export interface NoticeMetadata {
  /** e.g. 科技部关于第三批国家专业化众创空间备案示范的通知 */
  title: string;
  /** e.g. 科技部 */
  issuer: string;
  /** e.g. 国科发区〔2020〕73号 */
  documentNumber?: string;
  /** YYYY-MM-DD */
  date?: string;
  /** e.g. 第三批 */
  batch?: string;
  /** the honor every listed carrier receives, e.g. 国家专业化众创空间 */
  honorTitle: string;
  honorLevel: Level;
  /** kind of the carriers the notice lists, for the ones not yet in the registry */
  carrierKind: CarrierKind;
}

export type CarrierForMatching = Pick<
  Carrier,
  'id' | 'name' | 'aliases' | 'operator' | 'honors' | 'status'
>;

export type ImportEntry =
  | {
      line: number;
      outcome: 'matched';
      row: NoticeRow;
      carrierId: string;
      honorAlreadyHeld: boolean;
    }
  | { line: number; outcome: 'created'; row: NoticeRow; draft: CarrierDraft }
  | { line: number; outcome: 'ambiguous'; row: NoticeRow; candidateIds: string[]; reason: string }
  | { line: number; outcome: 'unparseable'; raw: string; reason: string };

export interface ImportPlan {
  honor: HonorInput;
  entries: ImportEntry[];
  summary: {
    rows: number;
    matched: number;
    created: number;
    /** carriers that will receive the honor (created ones included) */
    honorsToAward: number;
    /** matched carriers that already hold the honor: nothing to do */
    unchanged: number;
    ambiguous: number;
    unparseable: number;
  };
  /** false while any row is ambiguous or unparseable: applying such a plan writes nothing */
  applicable: boolean;
}

export function honorOfNotice(notice: NoticeMetadata): HonorInput {
  const year = notice.date ? Number(notice.date.slice(0, 4)) : undefined;
  return {
    title: notice.honorTitle,
    level: notice.honorLevel,
    issuer: notice.issuer,
    ...(notice.documentNumber && { documentNumber: notice.documentNumber }),
    ...(notice.batch && { batch: notice.batch }),
    ...(year && { year }),
    ...(notice.date && { awardedOn: notice.date }),
  };
}

/**
 * Decides, without writing anything, what importing a notice does to the registry: each row
 * matches one existing carrier (same normalised name and operator), creates a new one, or is
 * reported as ambiguous or unparseable with its line and reason.
 */
export function planNoticeImport(
  parsed: ParsedNotice,
  notice: NoticeMetadata,
  existing: CarrierForMatching[],
): ImportPlan {
  const honor = honorOfNotice(notice);
  const awardedKey = honorKey(honor);
  const byNameKey = new Map<string, CarrierForMatching[]>();
  for (const carrier of existing) {
    for (const key of nameKeysOf(carrier)) {
      byNameKey.set(key, [...(byNameKey.get(key) ?? []), carrier]);
    }
  }

  const entries: ImportEntry[] = parsed.unparseable.map((u) => ({
    line: u.line,
    outcome: 'unparseable' as const,
    raw: u.raw,
    reason: u.reason,
  }));
  const lineOfIdentity = new Map<string, number>();

  for (const row of parsed.rows) {
    const identity = carrierIdentityKey({ name: row.name, operator: { name: row.operatorName } });
    const earlierLine = lineOfIdentity.get(identity);
    if (earlierLine !== undefined) {
      entries.push({
        line: row.line,
        outcome: 'unparseable',
        raw: `${row.sequence} | ${row.originalName} | ${row.originalOperatorName}`,
        reason: `the same carrier is already listed on line ${earlierLine}`,
      });
      continue;
    }
    lineOfIdentity.set(identity, row.line);

    const sameName = byNameKey.get(nameKey(row.name)) ?? [];
    const operatorKey = nameKey(row.operatorName);
    const sameOperator = sameName.filter((c) => nameKey(c.operator.name) === operatorKey);

    if (sameName.length === 0) {
      entries.push({ line: row.line, outcome: 'created', row, draft: draftFromRow(row, notice) });
    } else if (sameOperator.length === 1) {
      const carrier = sameOperator[0]!;
      if (carrier.status === 'retired') {
        entries.push({
          line: row.line,
          outcome: 'ambiguous',
          row,
          candidateIds: [carrier.id],
          reason: `the matching carrier ${carrier.id} is retired`,
        });
      } else {
        entries.push({
          line: row.line,
          outcome: 'matched',
          row,
          carrierId: carrier.id,
          honorAlreadyHeld: carrier.honors.some((h) => honorKey(h) === awardedKey),
        });
      }
    } else if (sameOperator.length > 1) {
      entries.push({
        line: row.line,
        outcome: 'ambiguous',
        row,
        candidateIds: sameOperator.map((c) => c.id),
        reason: `${sameOperator.length} carriers share this name and operator`,
      });
    } else {
      entries.push({
        line: row.line,
        outcome: 'ambiguous',
        row,
        candidateIds: sameName.map((c) => c.id),
        reason: `carriers named ${row.name} exist but are run by ${sameName
          .map((c) => c.operator.name)
          .join('、')}, not ${row.operatorName}`,
      });
    }
  }

  entries.sort((a, b) => a.line - b.line);
  const count = (outcome: ImportEntry['outcome']) =>
    entries.filter((e) => e.outcome === outcome).length;
  const unchanged = entries.filter((e) => e.outcome === 'matched' && e.honorAlreadyHeld).length;
  const summary = {
    rows: entries.length,
    matched: count('matched'),
    created: count('created'),
    honorsToAward: count('matched') - unchanged + count('created'),
    unchanged,
    ambiguous: count('ambiguous'),
    unparseable: count('unparseable'),
  };
  return {
    honor,
    entries,
    summary,
    applicable: summary.ambiguous === 0 && summary.unparseable === 0 && summary.rows > 0,
  };
}

function draftFromRow(row: NoticeRow, notice: NoticeMetadata): CarrierDraft {
  // 兽用生物制品国家专业化众创空间 is the 国家专业化众创空间 for 兽用生物制品: the prefix is its field
  const field = row.name.endsWith(notice.honorTitle)
    ? row.name.slice(0, -notice.honorTitle.length).trim()
    : '';
  return {
    kind: notice.carrierKind,
    level: notice.honorLevel,
    name: row.name,
    aliases: distinctAliases(row.name, [row.originalName]),
    operator: {
      name: row.operatorName,
      type: inferOperatorType(row.operatorName),
    },
    location: { province: row.province },
    focusIndustries: field ? [field] : [],
    services: { basic: [], professional: [], valueAdded: [] },
    statistics: {},
    intake: { accepting: false },
    images: [],
    pipelineNextCarrierIds: [],
  };
}
