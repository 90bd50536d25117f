import type { EventDataByType } from '@shuangchuang/contracts';

/** The event types this service emits and handles, with their data types from the catalog. */
// (mapped so it gets the index signature the backbone's EventTypeMap asks for)
export type NotificationEventTypes = { [Type in keyof EventDataByType]: EventDataByType[Type] };

export const DELIVERY_SENT = 'cn.shuangchuang.notification.delivery.sent.v1';
export const DELIVERY_FAILED = 'cn.shuangchuang.notification.delivery.failed.v1';
