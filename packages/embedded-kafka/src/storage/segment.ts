/** One slice of a partition log, starting at `baseOffset`; only the last segment takes appends. */
export interface Segment {
  readonly baseOffset: number;
  /** Offset after the last record stored here. */
  readonly nextOffset: number;
  readonly sizeBytes: number;
  /** Largest record timestamp stored here, -1 when empty. */
  readonly maxTimestamp: number;
  readonly isEmpty: boolean;
  append(batch: Buffer, baseOffset: number, lastOffset: number, maxTimestamp: number): void;
  /** Whole batches from the one holding `offset` on, at least one, then up to `maxBytes`. */
  read(offset: number, maxBytes: number): Buffer[];
  /** Base offset of the first batch whose max timestamp is at or after `timestamp`. */
  offsetForTimestamp(timestamp: number): number | null;
  /** Makes every append so far durable (fsync); no-op in memory. */
  flush(): void;
  close(): void;
  remove(): void;
}

/** Position of one batch inside a segment. */
export interface BatchEntry {
  baseOffset: number;
  lastOffset: number;
  position: number;
  size: number;
  maxTimestamp: number;
}

/** Index of the entry holding `offset` (entries sorted by offset), or -1 when before them all. */
export function findEntry(entries: readonly BatchEntry[], offset: number): number {
  let lo = 0;
  let hi = entries.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found === -1) return entries.length > 0 ? 0 : -1;
  return entries[found]!.lastOffset >= offset ? found : found + 1 < entries.length ? found + 1 : -1;
}

/** Picks the batches to return from `first` on: at least one, then while within `maxBytes`. */
export function selectEntries(
  entries: readonly BatchEntry[],
  first: number,
  maxBytes: number,
): BatchEntry[] {
  const picked: BatchEntry[] = [];
  let bytes = 0;
  for (let i = first; i < entries.length; i++) {
    const entry = entries[i]!;
    if (picked.length > 0 && bytes + entry.size > maxBytes) break;
    picked.push(entry);
    bytes += entry.size;
  }
  return picked;
}

export function entryForTimestamp(
  entries: readonly BatchEntry[],
  timestamp: number,
): number | null {
  for (const entry of entries) if (entry.maxTimestamp >= timestamp) return entry.baseOffset;
  return null;
}
