// How to reach a carrier: its office's phone and email, and where it is.
import type { Carrier } from './profile';

export interface ContactCard {
  office?: string;
  phone?: string;
  email?: string;
}

export function contactOf(carrier: Pick<Carrier, 'intake'>): ContactCard | null {
  const contact = carrier.intake.contact;
  if (!contact || (!contact.phone && !contact.email && !contact.office)) return null;
  return {
    ...(contact.office && { office: contact.office }),
    ...(contact.phone && { phone: contact.phone.replace(/[^0-9+-]/g, '') }),
    ...(contact.email && { email: contact.email }),
  };
}

export interface MapPoint {
  latitude: number;
  longitude: number;
  name: string;
  address: string;
  /** a district's or city's centre, not the door */
  approximate: boolean;
}

/** What Taro.openLocation needs (GCJ-02, as stored), or null without coordinates. */
export function mapPointOf(carrier: Pick<Carrier, 'name' | 'location'>): MapPoint | null {
  const { coordinates, province, city, district, address } = carrier.location;
  if (!coordinates) return null;
  return {
    latitude: coordinates.lat,
    longitude: coordinates.lng,
    name: carrier.name,
    address: [province, city, district, address].filter(Boolean).join(''),
    approximate: coordinates.approximate === true,
  };
}

/** H5 has no map of its own: AMap's public marker page takes GCJ-02 too. */
export function webMapUrl(point: MapPoint): string {
  const name = encodeURIComponent(point.name);
  return `https://uri.amap.com/marker?position=${point.longitude},${point.latitude}&name=${name}&coordinate=gaode&callnative=0`;
}
