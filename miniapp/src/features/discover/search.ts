// Discover: the search form's state and how it becomes the registry's search query.
import type { RegistryApi, RegistryClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';
import type { CarrierKind, CarrierLevel } from '../labels';

export type SearchQuery = NonNullable<
  RegistryApi.operations['searchCarriers']['parameters']['query']
>;
export type CarrierSearchPage = RegistryApi.components['schemas']['CarrierSearchPage'];
export type CarrierSummary = RegistryApi.components['schemas']['CarrierSummary'];

export interface Coordinates {
  longitude: number;
  latitude: number;
}

export interface SearchFilters {
  text: string;
  kinds: CarrierKind[];
  levels: CarrierLevel[];
  province: string;
  industry: string;
  service: string;
  acceptingOnly: boolean;
  /** Set when the user granted location: results sorted by distance. */
  near: Coordinates | null;
}

export const emptyFilters: SearchFilters = {
  text: '',
  kinds: [],
  levels: [],
  province: '',
  industry: '',
  service: '',
  acceptingOnly: false,
  near: null,
};

export const PAGE_SIZE = 20;

/** The API limits q to 100 characters; the box keeps what the user typed, trimmed. */
export function toSearchQuery(filters: SearchFilters, cursor?: string): SearchQuery {
  const query: SearchQuery = { limit: PAGE_SIZE };
  const text = filters.text.trim().slice(0, 100);
  if (text) query.q = text;
  if (filters.kinds.length) query.kind = filters.kinds;
  if (filters.levels.length) query.level = filters.levels;
  if (filters.province.trim()) query.province = filters.province.trim().slice(0, 20);
  if (filters.industry.trim()) query.industry = filters.industry.trim().slice(0, 50);
  if (filters.service) query.service = filters.service;
  if (filters.acceptingOnly) query.accepting = true;
  if (filters.near) {
    query.near = `${filters.near.longitude.toFixed(4)},${filters.near.latitude.toFixed(4)}`;
    query.sort = 'distance';
  }
  if (cursor) query.cursor = cursor;
  return query;
}

export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

export function activeFilterCount(filters: SearchFilters): number {
  return (
    filters.kinds.length +
    filters.levels.length +
    (filters.province.trim() ? 1 : 0) +
    (filters.industry.trim() ? 1 : 0) +
    (filters.service ? 1 : 0) +
    (filters.acceptingOnly ? 1 : 0)
  );
}

export function formatDistance(meters: number | undefined): string | null {
  if (meters === undefined) return null;
  if (meters < 1000) return `${Math.round(meters)}米`;
  return `${(meters / 1000).toFixed(meters < 10_000 ? 1 : 0)}公里`;
}

export function searchCarriers(
  registry: RegistryClient,
  filters: SearchFilters,
  cursor?: string,
): Promise<CarrierSearchPage> {
  return unwrap(registry.GET('/carriers', { params: { query: toSearchQuery(filters, cursor) } }));
}
