import { recogniseProvince, type Province } from './provinces.js';
import { normaliseDisplayName, toHalfWidth, toSimplified } from './text-normalisation.js';

/** One carrier listed in a notice, normalised (simplified characters, official province name). */
export interface NoticeRow {
  /** 1-based line of the posted text (CSV: record line) the row came from */
  line: number;
  /** 序号 as printed */
  sequence: number;
  province: Province;
  /** true when the province cell was merged with the rows above and carried down */
  provinceCarriedDown: boolean;
  name: string;
  operatorName: string;
  /** the cells as posted, before normalisation, kept as aliases when they differ */
  originalName: string;
  originalOperatorName: string;
}

export interface UnparseableRow {
  line: number;
  raw: string;
  reason: string;
}

export interface ParsedNotice {
  rows: NoticeRow[];
  unparseable: UnparseableRow[];
}

export type Column = 'sequence' | 'province' | 'name' | 'operator';

/** Header cells in either script, after traditional → simplified conversion. */
const HEADER_WORDS: Array<[Column, RegExp]> = [
  ['sequence', /^(序号|编号|no\.?)$/i],
  ['province', /^(省份|省市|地区|所在地区|省\(区、市\)|省\(自治区、直辖市\))$/],
  ['name', /名称$/],
  ['operator', /^(依托主体|依托单位|运营机构|运营主体|建设单位)$/],
];

export const DEFAULT_COLUMNS: Column[] = ['sequence', 'province', 'name', 'operator'];

/** The columns a header row names, or undefined when the cells are not a header. */
export function recogniseHeader(cells: string[]): Column[] | undefined {
  const columns = cells.map((cell) => {
    const word = toSimplified(toHalfWidth(cell)).replace(/\s+/g, '');
    return HEADER_WORDS.find(([, pattern]) => pattern.test(word))?.[0];
  });
  if (columns.some((c) => c === undefined)) return undefined;
  const known = columns as Column[];
  const complete = DEFAULT_COLUMNS.every((c) => known.includes(c));
  return complete && new Set(known).size === known.length ? known : undefined;
}

const MAX_NAME_LENGTH = 200;

/**
 * Turns the cells of table rows into carriers listed by the notice. A row with one cell fewer
 * than the header lost its province to a merged cell: the province of the row above applies.
 */
export function interpretRows(
  records: Array<{ line: number; raw: string; cells: string[] }>,
  columns: Column[],
): ParsedNotice {
  const rows: NoticeRow[] = [];
  const unparseable: UnparseableRow[] = [];
  const seenSequences = new Set<number>();
  let provinceAbove: Province | undefined;

  for (const { line, raw, cells: postedCells } of records) {
    const reject = (reason: string) => unparseable.push({ line, raw, reason });
    const cells = withoutTrailingEmpties(postedCells.map((c) => c.trim()));
    if (cells.length === 0) continue;

    let byColumn: Partial<Record<Column, string>>;
    if (cells.length === columns.length) {
      byColumn = Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
    } else if (cells.length === columns.length - 1) {
      const others = columns.filter((c) => c !== 'province');
      byColumn = Object.fromEntries(others.map((c, i) => [c, cells[i]]));
      byColumn.province = '';
      // Three cells whose second names a province is a row that lost its operator, not its province.
      if (recogniseProvince(cells[others.indexOf('name')] ?? '')) {
        reject(`expected ${columns.length} cells, found ${cells.length}: the operator is missing`);
        continue;
      }
    } else {
      reject(
        `expected ${columns.length} cells (序号, 省份, 名称, 依托主体), found ${cells.length}`,
      );
      continue;
    }

    const sequenceText = toHalfWidth(byColumn.sequence ?? '');
    if (!/^\d{1,5}$/.test(sequenceText)) {
      reject(`序号 "${byColumn.sequence}" is not a number`);
      continue;
    }
    const sequence = Number(sequenceText);
    if (seenSequences.has(sequence)) {
      reject(`序号 ${sequence} appears twice`);
      continue;
    }

    let province: Province | undefined;
    const provinceCell = byColumn.province ?? '';
    const carriedDown = provinceCell === '';
    if (carriedDown) {
      province = provinceAbove;
      if (!province) {
        reject('the province is empty and no row above gives one to carry down');
        continue;
      }
    } else {
      province = recogniseProvince(provinceCell);
      if (!province) {
        reject(`"${provinceCell}" is not a province of China`);
        continue;
      }
    }

    const originalName = byColumn.name ?? '';
    const originalOperatorName = byColumn.operator ?? '';
    if (!originalName) {
      reject('the carrier name is empty');
      continue;
    }
    if (!originalOperatorName) {
      reject('the operator (依托主体) is empty');
      continue;
    }
    if (originalName.length > MAX_NAME_LENGTH || originalOperatorName.length > MAX_NAME_LENGTH) {
      reject(`a name is longer than ${MAX_NAME_LENGTH} characters`);
      continue;
    }

    seenSequences.add(sequence);
    provinceAbove = province;
    rows.push({
      line,
      sequence,
      province,
      provinceCarriedDown: carriedDown,
      name: normaliseDisplayName(originalName),
      operatorName: normaliseDisplayName(originalOperatorName),
      originalName,
      originalOperatorName,
    });
  }
  return { rows, unparseable };
}

function withoutTrailingEmpties(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}
