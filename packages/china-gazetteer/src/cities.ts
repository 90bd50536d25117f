// Provinces and prefecture-level cities with their centres: the part of the gazetteer small enough
// for a mini-program bundle (the city picker), without the county-level districts.
import { CITIES } from './data/cities.js';
import { PROVINCES } from './data/provinces.js';
import type { DivisionRow } from './division.js';
import { sameDivisionName } from './names.js';

/** GCJ-02, the system of Chinese maps (and of WeChat's `gcj02` location). */
export interface GcjPoint {
  lng: number;
  lat: number;
}

export interface Division {
  /** GB/T 2260 code, six digits */
  code: string;
  name: string;
  level: 'province' | 'city' | 'district';
  /** where the division's centre is known */
  centre?: GcjPoint;
}

export function toDivision(row: DivisionRow, level: Division['level']): Division {
  const [code, name, lng, lat] = row;
  return {
    code,
    name,
    level,
    ...(lng !== undefined && lat !== undefined && { centre: { lng, lat } }),
  };
}

const provinces = PROVINCES.map((row) => toDivision(row, 'province'));
const cities = CITIES.map((row) => toDivision(row, 'city'));

export function listProvinces(): Division[] {
  return provinces;
}

/** 山东省, 山东 or 370000. */
export function findProvince(nameOrCode: string): Division | undefined {
  return provinces.find((p) => p.code === nameOrCode || sameDivisionName(p.name, nameOrCode));
}

/** The prefecture-level cities of a province (none for the four municipalities). */
export function citiesOf(province: Division): Division[] {
  const prefix = province.code.slice(0, 2);
  return cities.filter((c) => c.code.startsWith(prefix));
}

/** A city by name, within its province when given (several provinces share no city name today). */
export function findCity(name: string, province?: Division): Division | undefined {
  const pool = province ? citiesOf(province) : cities;
  return pool.find((c) => c.code === name || sameDivisionName(c.name, name));
}
