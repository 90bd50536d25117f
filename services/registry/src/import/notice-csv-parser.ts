import { parse } from 'csv-parse/sync';
import {
  DEFAULT_COLUMNS,
  interpretRows,
  recogniseHeader,
  type ParsedNotice,
} from '../domain/notice-rows.js';
import type { UnparseableRow } from '../domain/notice-rows.js';

/**
 * Parses a notice's list exported as CSV (序号,省份,名称,依托主体). Merged province cells come out
 * of spreadsheets as empty cells and are carried down like in the text form.
 */
export function parseNoticeCsv(csv: string): ParsedNotice {
  let records: Array<{ line: number; raw: string; cells: string[] }>;
  try {
    const parsed = parse(csv.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
    records = parsed.map(({ record, info, raw }) => ({
      line: info.lines,
      raw: raw.trim(),
      cells: record,
    }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    const unparseable: UnparseableRow[] = [
      { line, raw: '', reason: `not valid CSV: ${(error as Error).message}` },
    ];
    return { rows: [], unparseable };
  }

  let columns = DEFAULT_COLUMNS;
  const first = records[0];
  const header = first && recogniseHeader(first.cells.map((c) => c.trim()).filter(Boolean));
  if (header) {
    columns = header;
    records = records.slice(1);
  }
  return interpretRows(records, columns);
}
