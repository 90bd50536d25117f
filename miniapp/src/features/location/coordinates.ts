// One coordinate system end to end: GCJ-02, the system of the registry, of Chinese maps and of
// WeChat's `getLocation({ type: 'gcj02' })`. The browser's geolocation gives WGS-84 (GPS), which
// is converted here before it reaches the API (gcoord; outside China both systems coincide).
import gcoord from 'gcoord';

export interface LngLat {
  lng: number;
  lat: number;
}

/** WGS-84 (a browser's geolocation) → GCJ-02 (what the registry stores and expects in `near`). */
export function wgs84ToGcj02(point: LngLat): LngLat {
  const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lng, lat };
}

const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance (haversine); either system, as long as both points share it. */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
