// Discover: the search form's state, how it becomes the registry's search query and the page's
// URL (so back/forward, a reload and a shared link keep the filters), and the picker options
// the search facets give.
import type { RegistryApi, RegistryClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';
import {
  entries,
  kindLabels,
  levelLabels,
  serviceLabels,
  type CarrierKind,
  type CarrierLevel,
  type ServiceCode,
} from '../labels';

export type SearchQuery = NonNullable<
  RegistryApi.operations['searchCarriers']['parameters']['query']
>;
export type CarrierSearchPage = RegistryApi.components['schemas']['CarrierSearchPage'];
export type CarrierSummary = RegistryApi.components['schemas']['CarrierSummary'];
export type SearchFacets = CarrierSearchPage['facets'];
export type FacetCount = RegistryApi.components['schemas']['FacetCount'];

export interface Coordinates {
  longitude: number;
  latitude: number;
}

/** Where distances are measured from: the user's position (GCJ-02) or a city's centre. */
export interface NearPoint extends Coordinates {
  /** 我的位置, or the city picked instead */
  label: string;
}

export interface SearchFilters {
  text: string;
  kinds: CarrierKind[];
  levels: CarrierLevel[];
  province: string;
  city: string;
  industry: string;
  service: string;
  acceptingOnly: boolean;
  /** Set when the user shared a location or picked a city: results sorted by distance. */
  near: NearPoint | null;
}

export const emptyFilters: SearchFilters = {
  text: '',
  kinds: [],
  levels: [],
  province: '',
  city: '',
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
  if (filters.city.trim()) query.city = filters.city.trim().slice(0, 30);
  if (filters.industry.trim()) query.industry = filters.industry.trim().slice(0, 50);
  if (filters.service) query.service = filters.service;
  if (filters.acceptingOnly) query.accepting = true;
  if (filters.near) {
    query.near = nearParameter(filters.near);
    query.sort = 'distance';
  }
  if (cursor) query.cursor = cursor;
  return query;
}

function nearParameter(point: Coordinates): string {
  return `${point.longitude.toFixed(4)},${point.latitude.toFixed(4)}`;
}

export function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
}

export function activeFilterCount(filters: SearchFilters): number {
  return (
    filters.kinds.length +
    filters.levels.length +
    (filters.province.trim() ? 1 : 0) +
    (filters.city.trim() ? 1 : 0) +
    (filters.industry.trim() ? 1 : 0) +
    (filters.service ? 1 : 0) +
    (filters.acceptingOnly ? 1 : 0)
  );
}

/** Nothing typed, nothing filtered, no distance: the first screen. */
export function isFirstScreen(filters: SearchFilters): boolean {
  return !filters.text.trim() && activeFilterCount(filters) === 0 && !filters.near;
}

/**
 * 850米, 3.2公里, 120公里. A distance to an approximate point (a district's or city's centre) is
 * rounded to whole kilometres: 约12公里, 1公里内 — never a precise-looking 0米.
 */
export function formatDistance(meters: number | undefined, approximate = false): string | null {
  if (meters === undefined) return null;
  if (approximate) return meters < 1000 ? '1公里内' : `约${Math.round(meters / 1000)}公里`;
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

// ---- the page URL ----------------------------------------------------------------------------

const kindValues = new Set<string>(Object.keys(kindLabels));
const levelValues = new Set<string>(Object.keys(levelLabels));
const NEAR = /^(-?\d{1,3}(?:\.\d+)?),(-?\d{1,2}(?:\.\d+)?)$/;

/** The filters as URL parameters: only what is set, lists comma-separated. */
export function filtersToParams(filters: SearchFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.text.trim()) params.q = filters.text.trim();
  if (filters.kinds.length) params.kind = filters.kinds.join(',');
  if (filters.levels.length) params.level = filters.levels.join(',');
  if (filters.province) params.province = filters.province;
  if (filters.city) params.city = filters.city;
  if (filters.industry) params.industry = filters.industry;
  if (filters.service) params.service = filters.service;
  if (filters.acceptingOnly) params.accepting = '1';
  if (filters.near) {
    params.near = nearParameter(filters.near);
    params.nearLabel = filters.near.label;
  }
  return params;
}

/** Filters from URL parameters (Taro's router gives them decoded); unknown values are dropped. */
export function filtersFromParams(params: Record<string, string | undefined>): SearchFilters {
  const list = (value: string | undefined) => (value ? value.split(',').filter(Boolean) : []);
  const text = (value: string | undefined, max: number) => (value ?? '').trim().slice(0, max);
  const near = NEAR.exec(params.near ?? '');
  return {
    text: text(params.q, 100),
    kinds: list(params.kind).filter((k) => kindValues.has(k)) as CarrierKind[],
    levels: list(params.level).filter((l) => levelValues.has(l)) as CarrierLevel[],
    province: text(params.province, 20),
    city: text(params.city, 30),
    industry: text(params.industry, 50),
    service: params.service && params.service in serviceLabels ? params.service : '',
    acceptingOnly: params.accepting === '1' || params.accepting === 'true',
    near: near
      ? {
          longitude: Number(near[1]),
          latitude: Number(near[2]),
          label: text(params.nearLabel, 20) || '所选位置',
        }
      : null,
  };
}

export function toQueryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

// ---- pickers fed by the facets -----------------------------------------------------------------

export type FacetField = 'kind' | 'level' | 'province' | 'city' | 'industry' | 'service';

export interface PickerOption {
  /** '' is 不限 */
  value: string;
  label: string;
  count?: number;
}

/** The facet options each picker shows, remembered per field (see rememberFacets). */
export type FacetOptions = Record<FacetField, FacetCount[]> & { acceptingCount: number | null };

export const noFacetOptions: FacetOptions = {
  kind: [],
  level: [],
  province: [],
  city: [],
  industry: [],
  service: [],
  acceptingCount: null,
};

function isFiltered(filters: SearchFilters, field: FacetField | 'accepting'): boolean {
  switch (field) {
    case 'kind':
      return filters.kinds.length > 0;
    case 'level':
      return filters.levels.length > 0;
    case 'service':
      return Boolean(filters.service);
    case 'accepting':
      return filters.acceptingOnly;
    default:
      return Boolean(filters[field]);
  }
}

/**
 * The registry counts facets over the matches, so a filtered field's facet holds only the value
 * chosen. Each picker keeps the options of the last answer in which its own field was not
 * filtered: the other values stay pickable, with the counts they had. Cities belong to a
 * province: a change of province forgets them until the next answer.
 */
export function rememberFacets(
  previous: FacetOptions,
  facets: SearchFacets,
  filters: SearchFilters,
): FacetOptions {
  const next: FacetOptions = { ...previous };
  for (const field of ['kind', 'level', 'province', 'city', 'industry', 'service'] as const) {
    if (!isFiltered(filters, field)) next[field] = facets[field] ?? [];
  }
  if (!isFiltered(filters, 'accepting')) {
    next.acceptingCount = facets.accepting?.find((f) => f.value === 'true')?.count ?? 0;
  }
  return next;
}

const labelOf: Record<FacetField, (value: string) => string> = {
  kind: (value) => kindLabels[value as CarrierKind] ?? value,
  level: (value) => levelLabels[value as CarrierLevel] ?? value,
  service: (value) => serviceLabels[value as ServiceCode] ?? value,
  province: (value) => value,
  city: (value) => value,
  industry: (value) => value,
};

/** 不限 first, then the facet's values with their counts; the current value stays listed. */
export function pickerOptions(
  options: FacetOptions,
  field: FacetField,
  current: string,
): PickerOption[] {
  const values: PickerOption[] = options[field].map((facet) => ({
    value: facet.value,
    label: labelOf[field](facet.value),
    count: facet.count,
  }));
  if (current && !values.some((option) => option.value === current)) {
    values.unshift({ value: current, label: labelOf[field](current) });
  }
  return [{ value: '', label: '不限' }, ...values];
}

/** 山东省（12） */
export function optionText(option: PickerOption): string {
  return option.count === undefined ? option.label : `${option.label}（${option.count}）`;
}

/** The filter a picker sets, as a patch of the filters (a province resets its city). */
export function pick(field: FacetField, value: string): Partial<SearchFilters> {
  switch (field) {
    case 'kind':
      return { kinds: value ? [value as CarrierKind] : [] };
    case 'level':
      return { levels: value ? [value as CarrierLevel] : [] };
    case 'province':
      return { province: value, city: '' };
    default:
      return { [field]: value };
  }
}

export function currentValue(filters: SearchFilters, field: FacetField): string {
  if (field === 'kind') return filters.kinds[0] ?? '';
  if (field === 'level') return filters.levels[0] ?? '';
  return filters[field];
}

/** Every kind and level, for pickers before the first answer arrives. */
export const allKinds = entries(kindLabels);
export const allLevels = entries(levelLabels);
