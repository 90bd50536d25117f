import type { Connection } from 'mongoose';
import type { TransitionRecord } from '../domain/application-lifecycle.js';

// What older versions of intake left in its database, brought to the current shape at start-up
// (collections that are only dropped are listed in service.ts, `retiredCollections`).

const LEGACY_TRANSITIONS = 'application_transitions';
const LEGACY_SLOTS = 'open_application_slots';

interface LegacyTransition extends TransitionRecord {
  _id: string;
  applicationId: string;
}

/**
 * Folds the legacy transitions into their applications' timelines and the legacy slots into
 * `openSlot`, gives every older application the fields it lacks, then drops the legacy
 * collections. Idempotent: every write is guarded by the field it sets being absent, so replicas
 * starting together (or a start interrupted halfway) leave the same result.
 */
export async function foldLegacyHistory(connection: Connection): Promise<void> {
  const db = connection.db!;
  const present = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  // dropped last: a start interrupted halfway does it all again
  if (!present.has(LEGACY_TRANSITIONS) && !present.has(LEGACY_SLOTS)) return;
  const applications = db.collection<{ _id: string }>('applications');

  if (present.has(LEGACY_TRANSITIONS)) {
    const timelines = new Map<string, TransitionRecord[]>();
    const transitions = db
      .collection<LegacyTransition>(LEGACY_TRANSITIONS)
      .find({})
      .sort({ applicationId: 1, _id: 1 });
    for await (const { _id: _transitionId, applicationId, ...transition } of transitions) {
      const timeline = timelines.get(applicationId) ?? [];
      timeline.push(transition);
      timelines.set(applicationId, timeline);
    }
    if (timelines.size > 0) {
      await applications.bulkWrite(
        [...timelines].map(([applicationId, timeline]) => ({
          updateOne: {
            filter: { _id: applicationId, timeline: { $exists: false } },
            update: { $set: { timeline } },
          },
        })),
        { ordered: false },
      );
    }
  }
  if (present.has(LEGACY_SLOTS)) {
    const slots = await db
      .collection<{ _id: string; applicationId: string }>(LEGACY_SLOTS)
      .find({})
      .toArray();
    if (slots.length > 0) {
      await applications.bulkWrite(
        slots.map((slot) => ({
          updateOne: {
            filter: { _id: slot.applicationId, openSlot: { $exists: false } },
            update: { $set: { openSlot: slot._id } },
          },
        })),
        { ordered: false },
      );
    }
  }
  for (const [field, empty] of [
    ['timeline', []],
    ['openSlot', null],
    ['requestKeys', []],
  ] as const) {
    await applications.updateMany({ [field]: { $exists: false } }, { $set: { [field]: empty } });
  }
  for (const legacy of [LEGACY_TRANSITIONS, LEGACY_SLOTS]) await db.dropCollection(legacy);
}
