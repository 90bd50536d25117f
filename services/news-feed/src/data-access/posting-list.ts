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
    const position = this.seek(ordinal, this.count, order) + 1;
    if (this.count === this.ordinals.length) this.grow();
    this.ordinals.copyWithin(position + 1, position, this.count);
    this.ordinals[position] = ordinal;
    this.count++;
  }

  /**
   * The last position below `end` whose ordinal is not after `ordinal` in `order` (-1 when none):
   * where `ordinal` is, if the list has it. Searching newest first, each next ordinal's position
   * is at most the previous one's, so a caller passes that as `end`; the search gallops down from
   * there (a few comparisons when the two are close), then bisects.
   */
  seek(ordinal: number, end: number, order: OrdinalOrder): number {
    let high = end;
    let probe = end - 1;
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

  /** The entries of several lists, once each, in `order` (a group of alternative keys). */
  static union(lists: PostingList[], order: OrdinalOrder): PostingList {
    const union = new PostingList();
    const all: number[] = [];
    for (const list of lists) for (let i = 0; i < list.count; i++) all.push(list.ordinals[i]!);
    all.sort(order);
    let previous = -1;
    for (const ordinal of all) {
      if (ordinal !== previous) union.append(ordinal);
      previous = ordinal;
    }
    return union;
  }

  private grow(): void {
    const larger = new Uint32Array(this.ordinals.length * 2);
    larger.set(this.ordinals);
    this.ordinals = larger;
  }
}
