import type { EventDataByType } from '@shuangchuang/contracts';
import type { NewEventOf } from '@shuangchuang/event-backbone';

/** The events notification emits (delivery outcomes) and handles (its three sources), from the catalog. */
export type NotificationEventMap = Pick<
  EventDataByType,
  | 'cn.shuangchuang.notification.delivery.sent.v1'
  | 'cn.shuangchuang.notification.delivery.failed.v1'
  | 'cn.shuangchuang.intake.application.submitted.v1'
  | 'cn.shuangchuang.intake.application.status-changed.v1'
  | 'cn.shuangchuang.intake.application.withdrawn.v1'
  | 'cn.shuangchuang.news.article.published.v1'
  | 'cn.shuangchuang.registry.incubator.created.v1'
  | 'cn.shuangchuang.registry.incubator.updated.v1'
  | 'cn.shuangchuang.registry.incubator.retired.v1'
>;
export type NewEventOfNotification = NewEventOf<NotificationEventMap>;

export const DELIVERY_SENT = 'cn.shuangchuang.notification.delivery.sent.v1';
export const DELIVERY_FAILED = 'cn.shuangchuang.notification.delivery.failed.v1';
