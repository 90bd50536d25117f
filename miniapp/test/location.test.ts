import { describe, expect, it } from 'vitest';
import { distanceMeters, wgs84ToGcj02 } from '../src/features/location/coordinates';
import { cityChoices, provinceNames, provinceOfCity } from '../src/features/location/city-picker';
import {
  browserFailure,
  LocationError,
  locateInBrowser,
  locateInWeapp,
  weappFailure,
  type BrowserGeolocation,
} from '../src/features/location/locate';

describe('WGS-84 → GCJ-02', () => {
  it('shifts a point in Beijing by the published offset (≈ +0.0062° lng, +0.0014° lat)', () => {
    const wgs = { lng: 116.397428, lat: 39.90923 };
    const gcj = wgs84ToGcj02(wgs);
    expect(gcj.lng - wgs.lng).toBeGreaterThan(0.0055);
    expect(gcj.lng - wgs.lng).toBeLessThan(0.0068);
    expect(gcj.lat - wgs.lat).toBeGreaterThan(0.0008);
    expect(gcj.lat - wgs.lat).toBeLessThan(0.002);
    // a few hundred metres: enough to put a user on the wrong street
    expect(distanceMeters(wgs, gcj)).toBeGreaterThan(400);
    expect(distanceMeters(wgs, gcj)).toBeLessThan(700);
  });

  it('shifts 德州 too, and leaves a point outside China as it is', () => {
    const dezhou = wgs84ToGcj02({ lng: 116.3535, lat: 37.4343 });
    expect(distanceMeters({ lng: 116.3535, lat: 37.4343 }, dezhou)).toBeGreaterThan(100);
    expect(wgs84ToGcj02({ lng: 2.3522, lat: 48.8566 })).toEqual({ lng: 2.3522, lat: 48.8566 });
  });

  it('measures great-circle distances (德州 → 济南 ≈ 100 km)', () => {
    const meters = distanceMeters({ lng: 116.3594, lat: 37.4355 }, { lng: 117.0009, lat: 36.6758 });
    expect(meters).toBeGreaterThan(95_000);
    expect(meters).toBeLessThan(110_000);
  });
});

describe('the position', () => {
  const granted = (lng: number, lat: number): BrowserGeolocation => ({
    getCurrentPosition: (success) => success({ coords: { longitude: lng, latitude: lat } }),
  });
  const refused = (code: number): BrowserGeolocation => ({
    getCurrentPosition: (_success, failure) => failure({ code, message: 'no' }),
  });

  it('gives the browser position converted to GCJ-02', async () => {
    const point = await locateInBrowser(granted(116.397428, 39.90923));
    expect(point).toEqual(wgs84ToGcj02({ lng: 116.397428, lat: 39.90923 }));
  });

  it('tells a refusal from an unavailable position and a timeout', async () => {
    await expect(locateInBrowser(refused(1))).rejects.toEqual(new LocationError('denied'));
    await expect(locateInBrowser(refused(2))).rejects.toEqual(new LocationError('unavailable'));
    await expect(locateInBrowser(refused(3))).rejects.toEqual(new LocationError('timeout'));
    await expect(locateInBrowser(undefined)).rejects.toEqual(new LocationError('unsupported'));
    expect(browserFailure(undefined)).toBe('unavailable');
  });

  it('reads WeChat failures by their errMsg', async () => {
    expect(weappFailure({ errMsg: 'getLocation:fail auth deny' })).toBe('denied');
    expect(weappFailure({ errMsg: 'getLocation:fail authorize no response' })).toBe('denied');
    expect(weappFailure({ errMsg: 'getLocation:fail timeout' })).toBe('timeout');
    expect(weappFailure({ errMsg: 'getLocation:fail system error' })).toBe('unavailable');
    await expect(
      locateInWeapp(() => Promise.reject({ errMsg: 'getLocation:fail auth deny' })),
    ).rejects.toEqual(new LocationError('denied'));
    // WeChat answers GCJ-02 already: nothing converted
    await expect(
      locateInWeapp(async () => ({ longitude: 116.4, latitude: 39.9 })),
    ).resolves.toEqual({ lng: 116.4, lat: 39.9 });
  });
});

describe('the city picker (gazetteer)', () => {
  it('lists provinces and the cities of one with their centres', () => {
    expect(provinceNames()).toContain('山东省');
    const shandong = cityChoices('山东省');
    const dezhou = shandong.find((c) => c.city === '德州市')!;
    expect(dezhou.province).toBe('山东省');
    expect(dezhou.lng).toBeCloseTo(116.31, 1);
    expect(dezhou.lat).toBeCloseTo(37.45, 1);
  });

  it('offers a municipality as its own city', () => {
    expect(cityChoices('天津市').map((c) => c.city)).toEqual(['天津市']);
  });

  it('finds the province of a city', () => {
    expect(provinceOfCity('淄博市')).toBe('山东省');
    expect(provinceOfCity('兰州')).toBe('甘肃省');
    expect(provinceOfCity('不存在市')).toBe('');
  });
});
