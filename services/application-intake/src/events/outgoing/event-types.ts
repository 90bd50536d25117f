import type { EventDataByType } from '@shuangchuang/contracts';

/** The event types this service emits and handles, with their data types from the catalog. */
// (mapped so it gets the index signature the backbone's EventTypeMap asks for)
export type IntakeEventTypes = { [Type in keyof EventDataByType]: EventDataByType[Type] };

export const APPLICATION_SUBMITTED = 'cn.shuangchuang.intake.application.submitted.v1';
export const APPLICATION_STATUS_CHANGED = 'cn.shuangchuang.intake.application.status-changed.v1';
export const APPLICATION_WITHDRAWN = 'cn.shuangchuang.intake.application.withdrawn.v1';
