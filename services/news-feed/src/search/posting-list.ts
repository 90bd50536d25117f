/** Orders two ordinals: negative when `a` comes first (older), positive when `b` does. */
export type OrdinalOrder = (a: number, b: number) => number;

/**
 * The ordinals of the articles holding one search key, oldest first, in a growable Uint32Array:
 * 4 bytes an entry where a Set or a JS array costs several times that, and the common case (a new
 * article is the newest) is an append. Entries of replaced articles stay until the index compacts.
 */
export class PostingList {
  private ordinals = new Uint32Array(4);
  private count = 0;

  get length(): number {
    return this.count;
  }

  at(position: number): number {
    return this.ordinals[position]!;
  }

  /** Appends without keeping the order; the caller sorts (see renumber) before any search. */
  append(ordinal: number): void {
    if (this.count === this.ordinals.length) this.grow();
    this.ordinals[this.count++] = ordinal;
  }

  /** Adds `ordinal` at its place in `order`. */
  insert(ordinal: number, order: OrdinalOrder): void {
    if (this.count === 0 || order(this.ordinals[this.count - 1]!, ordinal) < 0) {
      this.append(ordinal);
      return;
    }
    const position = this.seek(ordinal, order) + 1;
    if (this.count === this.ordinals.length) this.grow();
    this.ordinals.copyWithin(position + 1, position, this.count);
    this.ordinals[position] = ordinal;
    this.count++;
  }

  /**
   * The last position whose ordinal is not after `ordinal` in `order` (-1 when none). Gallops
   * down from the newest end (an article inserted is nearly always among the newest), then bisects.
   */
  private seek(ordinal: number, order: OrdinalOrder): number {
    let high = this.count;
    let probe = this.count - 1;
    for (let step = 1; probe >= 0 && order(this.ordinals[probe]!, ordinal) > 0; step *= 2) {
      high = probe;
      probe -= step;
    }
    let low = Math.max(probe + 1, 0);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(this.ordinals[middle]!, ordinal) <= 0) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  /**
   * Renumbers every entry through `renumbered` (old ordinal → new, -1 for one to drop), then sorts
   * when the new numbers are not already in the list's order.
   */
  renumber(renumbered: Int32Array, sort: boolean): void {
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const next = renumbered[this.ordinals[i]!]!;
      if (next >= 0) this.ordinals[kept++] = next;
    }
    this.count = kept;
    this.ordinals = this.ordinals.slice(0, Math.max(kept, 1));
    if (sort) this.ordinals.subarray(0, kept).sort();
  }

  /** For each entry whose mark is `from`, sets it to `from + 1` (see newestMatching). */
  advanceMarks(marks: Uint16Array, from: number): void {
    const ordinals = this.ordinals;
    for (let i = 0; i < this.count; i++) {
      const ordinal = ordinals[i]!;
      if (marks[ordinal] === from) marks[ordinal] = from + 1;
    }
  }

  /** The entries of several lists, once each, in `order` (a group of alternative keys). */
  static union(lists: PostingList[], order: OrdinalOrder): PostingList {
    return lists.reduce((union, list) => union.mergedWith(list, order), new PostingList());
  }

  /** The entries of both lists, once each, in `order` (both are in it). */
  private mergedWith(other: PostingList, order: OrdinalOrder): PostingList {
    const merged = new PostingList();
    merged.ordinals = new Uint32Array(Math.max(this.count + other.count, 4));
    let i = 0;
    let j = 0;
    while (i < this.count || j < other.count) {
      const a = this.ordinals[i]!;
      const b = other.ordinals[j]!;
      const comparison = i === this.count ? 1 : j === other.count ? -1 : a === b ? 0 : order(a, b);
      if (comparison <= 0) i++;
      if (comparison >= 0) j++;
      merged.ordinals[merged.count++] = comparison <= 0 ? a : b;
    }
    return merged;
  }

  private grow(): void {
    const larger = new Uint32Array(this.ordinals.length * 2);
    larger.set(this.ordinals);
    this.ordinals = larger;
  }
}
