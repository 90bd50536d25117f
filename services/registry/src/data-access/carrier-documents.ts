import { buildSearchKeys } from '@shuangchuang/chinese-text';
import { carrierIdentityKey, nameKeysOf } from '../domain/carrier-rules.js';
import type { Carrier } from '../domain/carrier.js';
import type { CarrierDocument } from './models.js';

/** The stored form of a carrier: its fields plus the keys search and matching read. */
export function toCarrierDocument(carrier: Carrier): CarrierDocument {
  const { id, ...fields } = carrier;
  const { province, city, district } = carrier.location;
  const coordinates = carrier.location.coordinates;
  return {
    _id: id,
    ...fields,
    searchKeys: buildSearchKeys([
      { text: carrier.name, weight: 3 },
      ...carrier.aliases.map((alias) => ({ text: alias, weight: 2 })),
      { text: carrier.operator.name, weight: 1 },
      { text: [province, city, district].filter(Boolean).join(' '), weight: 1 },
      { text: carrier.focusIndustries.join(' '), weight: 1 },
    ]),
    nameKeys: nameKeysOf(carrier),
    identityKey: carrierIdentityKey(carrier),
    honorTitles: carrier.honors.map((h) => h.title),
    serviceList: [
      ...carrier.services.basic,
      ...carrier.services.professional,
      ...carrier.services.valueAdded,
    ],
    ...(coordinates && { point: [coordinates.lng, coordinates.lat] as [number, number] }),
  };
}

const DERIVED = ['searchKeys', 'nameKeys', 'identityKey', 'honorTitles', 'serviceList', 'point'];

export function toCarrier(document: Record<string, unknown>): Carrier {
  const { _id, ...rest } = document;
  for (const field of DERIVED) delete rest[field];
  // carriers stored before images existed have none
  return { id: String(_id), images: [], ...rest } as unknown as Carrier;
}
