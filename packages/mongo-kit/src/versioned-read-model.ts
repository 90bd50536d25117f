import type { ClientSession, Model } from 'mongoose';

/** A stored copy of another service's aggregate: its id and the version of the state it holds. */
export interface VersionedCopy {
  _id: string;
  version: number;
}

/** What `apply` did: the state it replaced, when it applied one (undefined for a first copy). */
export type Applied<Copy> = { applied: true; previous: Copy | undefined } | { applied: false };

/**
 * One event's worth for `applyAll`: a full state (created/updated) or a change carrying only
 * some fields (retired), as `apply` and `applyChange` take them.
 */
export type VersionedChange<Copy extends VersionedCopy> =
  { state: Copy } | { id: string; version: number; fields: Partial<Omit<Copy, '_id' | 'version'>> };

function idOf(change: VersionedChange<VersionedCopy>): string {
  return 'state' in change ? change.state._id : change.id;
}

/**
 * The local copy of another service's aggregate (e.g. a registry carrier), kept from that
 * service's events only. Events may arrive late, twice, or out of order (a redelivery, a replay
 * of the dead letters): each state is applied only over an older version, so the copy never
 * goes back in time.
 */
export class VersionedReadModel<Copy extends VersionedCopy> {
  constructor(readonly model: Model<Copy>) {}

  /**
   * Stores the full state carried by a created/updated event unless the same or a newer version
   * is stored. Says whether it was applied and what it replaced (e.g. to notice a carrier that
   * starts accepting applications). Pass the handler's session so the copy commits with the
   * record of the handled event.
   */
  async apply(state: Copy, session?: ClientSession): Promise<Applied<Copy>> {
    // Read first rather than upsert with a version filter: an upsert that finds only a newer
    // copy inserts a duplicate _id, and inside a transaction any write error aborts it.
    const stored = (await this.model
      .findById(state._id)
      .session(session ?? null)
      .lean()) as Copy | null;
    if (stored && stored.version >= state.version) return { applied: false };
    const { _id, ...fields } = state;
    const result = await this.model.updateOne(
      { _id, ...(stored ? { version: stored.version } : {}) } as never,
      { $set: fields } as never,
      { upsert: !stored, session },
    );
    const applied = result.modifiedCount + result.upsertedCount > 0;
    return applied ? { applied, previous: stored ?? undefined } : { applied: false };
  }

  /**
   * Applies a change that carries only some fields (e.g. retired) to a stored copy older than
   * `version`; a copy not stored yet is left to the full state that will follow. True when applied.
   */
  async applyChange(
    id: string,
    version: number,
    fields: Partial<Omit<Copy, '_id' | 'version'>>,
    session?: ClientSession,
  ): Promise<boolean> {
    const result = await this.model.updateOne(
      { _id: id, version: { $lt: version } } as never,
      { $set: { ...fields, version } } as never,
      { session },
    );
    return result.modifiedCount > 0;
  }

  /**
   * A batch of events' states and changes, in partition order, with one read of the copies they
   * touch and one bulk write of those that changed: each applies as `apply` or `applyChange`
   * would, one after the other (a late, repeated or older one is ignored; a change never creates
   * a copy). Each write is guarded by the version it read, so inside the handler's transaction a
   * concurrent writer is a write conflict (the transaction is retried), never a lost update.
   */
  async applyAll(
    changes: readonly VersionedChange<Copy>[],
    session?: ClientSession,
  ): Promise<void> {
    if (changes.length === 0) return;
    const ids = [...new Set(changes.map(idOf))];
    const stored = new Map(
      (
        (await this.model
          .find({ _id: { $in: ids } } as never)
          .session(session ?? null)
          .lean()) as Copy[]
      ).map((copy) => [copy._id, copy]),
    );
    const next = new Map<string, Copy>();
    for (const change of changes) {
      const id = idOf(change);
      const current = next.get(id) ?? stored.get(id);
      if ('state' in change) {
        if (!current || current.version < change.state.version)
          next.set(id, { ...current, ...change.state });
      } else if (current && current.version < change.version) {
        next.set(id, { ...current, ...change.fields, version: change.version });
      }
    }
    if (next.size === 0) return;
    await this.model.bulkWrite(
      [...next.values()].map(({ _id, ...fields }) => {
        const before = stored.get(_id);
        return {
          updateOne: {
            filter: { _id, ...(before ? { version: before.version } : {}) },
            update: { $set: fields },
            upsert: !before,
          },
        };
      }) as never,
      { ordered: false, ...(session && { session }) },
    );
  }

  /** The stored version, or undefined when no state of the aggregate has arrived yet. */
  async version(id: string): Promise<number | undefined> {
    const stored = await this.model.findById(id, { version: 1 }).lean<{ version: number }>();
    return stored?.version;
  }
}
