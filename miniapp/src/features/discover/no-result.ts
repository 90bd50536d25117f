// Discover with no result: other spellings of what was typed (pinyin, initials) and the nearest
// cities that do have carriers.
import { findCity, findProvince } from '@shuangchuang/china-gazetteer/cities';
import { pinyin } from 'pinyin-pro';
import { distanceMeters } from '../location/coordinates';
import type { FacetCount } from './search';

const HAN = /\p{Script=Han}/u;

/**
 * What to try instead of a query: its pinyin (qidizhixing) and initials (qdzx) when it holds
 * Chinese characters, and its first two characters when it is longer (part of a name finds it).
 * The registry searches all three forms.
 */
export function spellingSuggestions(text: string): string[] {
  const query = text.trim();
  if (!HAN.test(query)) return [];
  const compact = query.replace(/\s+/g, '');
  const full = pinyin(compact, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase();
  const initials = pinyin(compact, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  })
    .join('')
    .toLowerCase();
  const hanOnly = [...compact].filter((c) => HAN.test(c));
  const shorter = hanOnly.length > 2 ? hanOnly.slice(0, 2).join('') : '';
  return [...new Set([full, initials, shorter].filter((s) => s && s !== query))];
}

export interface NearbyCity {
  city: string;
  province: string;
  count: number;
  meters: number;
}

/**
 * The cities with carriers (`available`: the city facet of the same search without its place
 * filters) nearest to the city searched, nearest first. Cities the gazetteer cannot place are left out.
 */
export function nearbyCities(
  city: string,
  province: string,
  available: FacetCount[],
  limit = 3,
): NearbyCity[] {
  const home = findCity(city, province ? findProvince(province) : undefined)?.centre;
  if (!home) return [];
  return available
    .flatMap((facet) => {
      if (facet.value === city) return [];
      const division = findCity(facet.value);
      if (!division?.centre) return [];
      const provinceOf = findProvince(`${division.code.slice(0, 2)}0000`);
      return [
        {
          city: facet.value,
          province: provinceOf?.name ?? '',
          count: facet.count,
          meters: distanceMeters(home, division.centre),
        },
      ];
    })
    .sort((a, b) => a.meters - b.meters)
    .slice(0, limit);
}
