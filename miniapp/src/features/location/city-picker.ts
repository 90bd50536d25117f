// The fallback when there is no position: pick a province, then a city; distances are measured
// from the city's centre (GCJ-02, from the gazetteer shipped with the app).
import {
  citiesOf,
  findCity,
  listProvinces,
  type Division,
} from '@shuangchuang/china-gazetteer/cities';

export interface CityChoice {
  province: string;
  city: string;
  lng: number;
  lat: number;
}

export function provinceNames(): string[] {
  return listProvinces().map((p) => p.name);
}

/** The cities of a province with a known centre; a municipality is its own only choice. */
export function cityChoices(provinceName: string): CityChoice[] {
  const province = listProvinces().find((p) => p.name === provinceName);
  if (!province) return [];
  const cities: Division[] = citiesOf(province);
  const located = (cities.length ? cities : [province]).filter((d) => d.centre);
  return located.map((d) => ({
    province: province.name,
    city: d.name,
    lng: d.centre!.lng,
    lat: d.centre!.lat,
  }));
}

/** The province a city is in (德州市 → 山东省), or '' when the gazetteer does not know the city. */
export function provinceOfCity(cityName: string): string {
  const city = findCity(cityName);
  if (!city) return '';
  return listProvinces().find((p) => p.code.slice(0, 2) === city.code.slice(0, 2))?.name ?? '';
}
