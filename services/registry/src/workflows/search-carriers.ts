import type { StatisticsRow } from '../data-access/carrier-statistics.js';
import type { Coordinates } from '../domain/carrier.js';
import { SearchRequestError } from '../domain/errors.js';
import { recogniseProvince } from '../domain/provinces.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import type { CarrierSearchRequest, CarrierSearchResult } from '../search/carrier-search.js';
import type { RegistryContext } from './registry-context.js';

/** Searches the active carriers; `near` must be a point on Earth, and sorting by distance needs it. */
export async function searchCarriers(
  context: RegistryContext,
  request: Omit<CarrierSearchRequest, 'near'> & { near?: Coordinates },
): Promise<CarrierSearchResult> {
  const { near } = request;
  if (near && !(Math.abs(near.lng) <= 180 && Math.abs(near.lat) <= 90)) {
    throw new SearchRequestError('near is not a point on Earth', [
      { path: 'near', message: 'expected lng,lat with |lng| ≤ 180 and |lat| ≤ 90' },
    ]);
  }
  if (request.sort === 'distance' && !near) {
    throw new SearchRequestError('sort=distance needs near=lng,lat', [
      { path: 'near', message: 'required when sort is distance' },
    ]);
  }
  return context.search.search(request);
}

/**
 * Counts of active carriers per (province, kind, level). A province given in any spelling
 * (简/繁, with or without 省) counts the official one; one that names no province counts nothing.
 */
export async function countCarriers(
  context: RegistryContext,
  filter: { province?: string; kind?: CarrierKind; level?: Level },
): Promise<{ total: number; items: StatisticsRow[] }> {
  const official = filter.province ? recogniseProvince(filter.province) : undefined;
  if (filter.province && !official) return { total: 0, items: [] };
  return context.statistics.countBy({
    ...(official && { province: official }),
    ...(filter.kind && { kind: filter.kind }),
    ...(filter.level && { level: filter.level }),
  });
}
