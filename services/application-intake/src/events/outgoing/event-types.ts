import type { EventDataByType } from '@shuangchuang/contracts';

/** The events intake emits and handles, typed from the contracts' catalog. */
export type IntakeEventMap = Pick<
  EventDataByType,
  // emitted
  | 'cn.shuangchuang.intake.application.submitted.v1'
  | 'cn.shuangchuang.intake.application.status-changed.v1'
  | 'cn.shuangchuang.intake.application.withdrawn.v1'
  | 'cn.shuangchuang.identity.token.revoked.v1'
  // handled (the carrier read model)
  | 'cn.shuangchuang.registry.incubator.created.v1'
  | 'cn.shuangchuang.registry.incubator.updated.v1'
  | 'cn.shuangchuang.registry.incubator.retired.v1'
>;

export const APPLICATION_SUBMITTED = 'cn.shuangchuang.intake.application.submitted.v1';
export const APPLICATION_STATUS_CHANGED = 'cn.shuangchuang.intake.application.status-changed.v1';
export const APPLICATION_WITHDRAWN = 'cn.shuangchuang.intake.application.withdrawn.v1';
