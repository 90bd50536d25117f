// The user's position in GCJ-02, on either platform, and what a failure means for the page.
import type { LngLat } from './coordinates';
import { wgs84ToGcj02 } from './coordinates';

export type LocationFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export class LocationError extends Error {
  constructor(readonly reason: LocationFailure) {
    super(reason);
    this.name = 'LocationError';
  }
}

/** What the page says for each failure; every one offers the city picker next. */
export const locationFailureMessages: Record<LocationFailure, string> = {
  denied: '您未允许获取位置，可以选择所在城市，按到城市中心的距离排序',
  unavailable: '暂时无法获取您的位置，可以选择所在城市',
  timeout: '获取位置超时，可以选择所在城市',
  unsupported: '当前环境无法获取位置，可以选择所在城市',
};

/** A browser GeolocationPositionError: 1 permission denied, 2 unavailable, 3 timeout. */
export function browserFailure(error: { code?: number } | undefined): LocationFailure {
  if (error?.code === 1) return 'denied';
  if (error?.code === 3) return 'timeout';
  return 'unavailable';
}

/** A WeChat getLocation failure: `getLocation:fail auth deny`, `…authorize no response`, … */
export function weappFailure(error: { errMsg?: string } | undefined): LocationFailure {
  const message = error?.errMsg ?? '';
  if (/auth|authorize|permission|privacy/i.test(message)) return 'denied';
  if (/timeout/i.test(message)) return 'timeout';
  return 'unavailable';
}

export interface BrowserGeolocation {
  getCurrentPosition(
    success: (position: { coords: { longitude: number; latitude: number } }) => void,
    failure: (error: { code: number; message: string }) => void,
    options?: { enableHighAccuracy?: boolean; timeout?: number; maximumAge?: number },
  ): void;
}

/** H5: the browser's geolocation (WGS-84), converted to GCJ-02. */
export function locateInBrowser(
  geolocation: BrowserGeolocation | undefined,
  timeoutMs = 10_000,
): Promise<LngLat> {
  if (!geolocation) return Promise.reject(new LocationError('unsupported'));
  return new Promise((resolve, reject) => {
    geolocation.getCurrentPosition(
      ({ coords }) => resolve(wgs84ToGcj02({ lng: coords.longitude, lat: coords.latitude })),
      (error) => reject(new LocationError(browserFailure(error))),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 300_000 },
    );
  });
}

/** weapp: WeChat gives GCJ-02 directly. */
export async function locateInWeapp(
  getLocation: (options: { type: 'gcj02' }) => Promise<{ longitude: number; latitude: number }>,
): Promise<LngLat> {
  try {
    const { longitude, latitude } = await getLocation({ type: 'gcj02' });
    return { lng: longitude, lat: latitude };
  } catch (error) {
    throw new LocationError(weappFailure(error as { errMsg?: string }));
  }
}
