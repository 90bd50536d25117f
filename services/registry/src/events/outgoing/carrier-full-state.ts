import type { IncubatorUpdatedData } from '@shuangchuang/contracts';
import type { Carrier } from '../../domain/carrier.js';

/**
 * The full public state of a carrier as created/updated events carry it, so consumers keep a
 * read model without calling the registry. The intake contact stays out: no contact data on the bus.
 */
export function carrierFullState(carrier: Carrier): IncubatorUpdatedData {
  return {
    carrierId: carrier.id,
    version: carrier.version,
    kind: carrier.kind,
    ...(carrier.demoBaseType && { demoBaseType: carrier.demoBaseType }),
    ...(carrier.level && { level: carrier.level }),
    name: carrier.name,
    aliases: carrier.aliases,
    operator: carrier.operator,
    location: carrier.location,
    focusIndustries: carrier.focusIndustries,
    services: carrier.services,
    honors: carrier.honors,
    statistics: carrier.statistics,
    accepting: carrier.intake.accepting,
    pipelineNextCarrierIds: carrier.pipelineNextCarrierIds,
    status: carrier.status,
    updatedAt: carrier.updatedAt,
  };
}
