// A gazetteer of China's administrative divisions (GB/T 2260 codes) with their centres in GCJ-02,
// shipped as data (src/data, built by scripts/build-data.mjs). Used to place carriers whose exact
// coordinates are unknown at the centre of their district, city or province, marked approximate.
import { findCity, findProvince, toDivision, type Division, type GcjPoint } from './cities.js';
import { DISTRICTS } from './data/districts.js';
import { sameDivisionName } from './names.js';

export {
  citiesOf,
  findCity,
  findProvince,
  listProvinces,
  type Division,
  type GcjPoint,
} from './cities.js';
export { sameDivisionName, shortName } from './names.js';

const districts = DISTRICTS.map((row) => toDivision(row, 'district'));

/** The county-level districts of a city, or of a municipality (北京市, 天津市, 上海市, 重庆市). */
export function districtsOf(parent: Division): Division[] {
  const prefix = parent.level === 'province' ? parent.code.slice(0, 2) : parent.code.slice(0, 4);
  return districts.filter((d) => d.code.startsWith(prefix));
}

export interface Place {
  province: string;
  city?: string;
  district?: string;
}

export interface PlaceCentre extends GcjPoint {
  /** the most precise division whose centre is known */
  division: Division;
}

/**
 * The centre of the most precise division of a place that the gazetteer knows: the district, else
 * the city, else the province. Names that are not divisions (德州经济技术开发区) fall back to their
 * parent. Undefined when the province is unknown.
 */
export function centreOf(place: Place): PlaceCentre | undefined {
  const province = findProvince(place.province);
  if (!province) return undefined;
  const city = place.city ? findCity(place.city, province) : undefined;
  const district = place.district
    ? districtsOf(city ?? province).find((d) => sameDivisionName(d.name, place.district!))
    : undefined;
  // a municipality's districts are written as its city (北京市 海淀区) or as its district
  const municipalDistrict =
    !district && !city && place.city
      ? districtsOf(province).find((d) => sameDivisionName(d.name, place.city!))
      : undefined;
  for (const division of [district, municipalDistrict, city, province]) {
    if (division?.centre) return { ...division.centre, division };
  }
  return undefined;
}
