import type { Carrier, Location } from '../domain/carrier.js';
import {
  MOST_2020_73,
  NOTICE_OPERATOR_CITIES,
  placed,
  SEED_CARRIERS,
  seedNotice,
} from '../import/seed-documents.js';
import { importNotice } from './import-notice.js';
import { awardHonor, createCarrier, getCarrier, updateCarrier } from './maintain-carriers.js';
import type { RegistryContext, WriteContext } from './registry-context.js';

/**
 * Fills an empty registry with the real carriers of the seed documents: the 23 specialized maker
 * spaces through the notice import itself, then the carriers of seeds 000, 003 and 004.
 * Returns false (and writes nothing) when the registry already holds carriers.
 */
export async function seedOnFirstStart(
  context: RegistryContext,
  by: WriteContext,
): Promise<boolean> {
  if (!(await context.store.isEmpty())) return false;
  const imported = await importNotice(context, seedNotice(), MOST_2020_73, false, by);
  for (const carrierId of imported.carrierIdByLine.values()) {
    await placeImportedCarrier(context, await getCarrier(context, carrierId), by);
  }

  const idByKey = new Map<string, string>();
  // carriers others feed into are created first, so the links point at existing carriers
  const ordered = [...SEED_CARRIERS].sort(
    (a, b) => (a.feedsInto?.length ?? 0) - (b.feedsInto?.length ?? 0),
  );
  for (const seed of ordered) {
    const carrier = await createCarrier(
      context,
      {
        ...seed.input,
        location: placed(seed.input.location as Location),
        pipelineNextCarrierIds: (seed.feedsInto ?? []).map((key) => idByKey.get(key)!),
      },
      by,
    );
    idByKey.set(seed.key, carrier.id);
    for (const honor of seed.honors) await awardHonor(context, carrier.id, honor, undefined, by);
  }
  return true;
}

/** An imported carrier gets its operator's city and the gazetteer's coordinates (one update). */
async function placeImportedCarrier(
  context: RegistryContext,
  carrier: Carrier,
  by: WriteContext,
): Promise<void> {
  const city = NOTICE_OPERATOR_CITIES[carrier.operator.name];
  const location = placed({ ...carrier.location, ...(city && { city }) });
  if (!location.coordinates) return;
  const {
    id: _id,
    honors: _honors,
    status: _status,
    version,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    ...draft
  } = carrier;
  await updateCarrier(context, carrier.id, { ...draft, location }, version, by);
}
