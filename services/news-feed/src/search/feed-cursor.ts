export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not one this service gave out');
    this.name = 'InvalidCursorError';
  }
}

/** After the item at time `t` (ms) with id `id`: the feed's and the editorial list's keyset. */
export interface TimeCursor {
  t: number;
  id: string;
}

/** After the item with score `s`, time `t` and id `id` in relevance order (search). */
export interface RelevanceCursor extends TimeCursor {
  s: number;
}

/** Search's earlier cursor, an offset into the ranked candidates; still read after an upgrade. */
export interface OffsetCursor {
  o: number;
}

type Cursor = TimeCursor | RelevanceCursor | OffsetCursor;

function encode(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(cursor: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed !== null && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // falls through to the error
  }
  throw new InvalidCursorError();
}

const isTime = (value: Record<string, unknown>) =>
  Number.isFinite(value.t) && typeof value.id === 'string';

export const encodeTimeCursor = (cursor: TimeCursor): string =>
  encode({ t: cursor.t, id: cursor.id });

export const encodeRelevanceCursor = (cursor: RelevanceCursor): string =>
  encode({ s: cursor.s, t: cursor.t, id: cursor.id });

export function decodeTimeCursor(cursor: string | undefined): TimeCursor | undefined {
  if (cursor === undefined) return undefined;
  const value = decode(cursor);
  if (!isTime(value) || 's' in value) throw new InvalidCursorError();
  return { t: value.t as number, id: value.id as string };
}

export function decodeSearchCursor(
  cursor: string | undefined,
  maxOffset: number,
): RelevanceCursor | OffsetCursor | undefined {
  if (cursor === undefined) return undefined;
  const value = decode(cursor);
  if (isTime(value) && Number.isFinite(value.s))
    return { s: value.s as number, t: value.t as number, id: value.id as string };
  const offset = value.o;
  if (Number.isInteger(offset) && (offset as number) >= 0 && (offset as number) < maxOffset)
    return { o: offset as number };
  throw new InvalidCursorError();
}
