import { toHalfWidth } from '../domain/text-normalisation.js';
import {
  DEFAULT_COLUMNS,
  interpretRows,
  recogniseHeader,
  type ParsedNotice,
} from '../domain/notice-rows.js';

const CELL_SEPARATOR = /[|｜]/;

/**
 * Parses the list attached to a notice as published on a ministry site and pasted as text:
 * `序號 | 省份 | … |` then one `|`-separated line per carrier. Lines without a separator are the
 * notice's prose and are skipped; every other line is a row (or reported as unparseable).
 */
export function parseNoticeText(text: string): ParsedNotice {
  const records: Array<{ line: number; raw: string; cells: string[] }> = [];
  let columns = DEFAULT_COLUMNS;

  text.split(/\r?\n/).forEach((rawLine, index) => {
    const raw = rawLine.trim();
    if (!CELL_SEPARATOR.test(raw)) return;
    const cells = toHalfWidth(raw).split('|');
    const header = recogniseHeader(cells.map((c) => c.trim()).filter((c) => c !== ''));
    if (header) columns = header;
    else records.push({ line: index + 1, raw, cells });
  });
  return interpretRows(records, columns);
}
