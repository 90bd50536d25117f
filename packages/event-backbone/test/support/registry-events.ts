// Events of the published catalog (@shuangchuang/contracts), built from its schemas' examples.
import { eventCatalog, type EventDataByType } from '@shuangchuang/contracts';

export const HONOR_AWARDED = 'cn.shuangchuang.registry.incubator.honor-awarded.v1';
export const CARRIER_RETIRED = 'cn.shuangchuang.registry.incubator.retired.v1';
export const REGISTRY_TOPIC = 'registry.incubator.v1';

type HonorAwarded = EventDataByType[typeof HONOR_AWARDED];
type CarrierRetired = EventDataByType[typeof CARRIER_RETIRED];

function exampleOf<T>(type: string): T {
  const entry = eventCatalog.find((candidate) => candidate.type === type);
  const [example] = (entry?.schema.examples ?? []) as T[];
  if (!example) throw new Error(`the catalog has no example for ${type}`);
  return structuredClone(example);
}

export function honorAwarded(carrierId: string, version: number): HonorAwarded {
  return { ...exampleOf<HonorAwarded>(HONOR_AWARDED), carrierId, version };
}

export function carrierRetired(carrierId: string, version: number): CarrierRetired {
  return { ...exampleOf<CarrierRetired>(CARRIER_RETIRED), carrierId, version };
}
