import type { EventDataByType, IncubatorCreatedData } from '@shuangchuang/contracts';
import type { NewEventOf } from '@shuangchuang/event-backbone';

/** The events the registry emits (it handles none), typed from the contracts' catalog. */
export type RegistryEventMap = Pick<
  EventDataByType,
  | 'cn.shuangchuang.registry.incubator.created.v1'
  | 'cn.shuangchuang.registry.incubator.updated.v1'
  | 'cn.shuangchuang.registry.incubator.honor-awarded.v1'
  | 'cn.shuangchuang.registry.incubator.retired.v1'
>;
export type NewEventOfRegistry = NewEventOf<RegistryEventMap>;
export type { IncubatorCreatedData };
