import type {
  BatchEventHandler,
  CloudEvent,
  EventBackbone,
  Subscription,
} from '@shuangchuang/event-backbone';
import type { NotificationContext } from '../../workflows/notification-context.js';
import type { Notification } from '../../workflows/notify-recipients.js';
import {
  tellAboutApplications,
  type ApplicationFacts,
} from '../../workflows/tell-about-applications.js';
import type { NotificationEventMap } from '../outgoing/event-types.js';
import { noticesOfStatusChanged } from './application-status-changed.js';
import { noticesOfSubmitted } from './application-submitted.js';
import { noticesOfWithdrawn } from './application-withdrawn.js';

export const INTAKE_GROUP = 'notification.intake-events';

const SUBMITTED = 'cn.shuangchuang.intake.application.submitted.v1';
const STATUS_CHANGED = 'cn.shuangchuang.intake.application.status-changed.v1';
const WITHDRAWN = 'cn.shuangchuang.intake.application.withdrawn.v1';
type IntakeEvent = CloudEvent<
  NotificationEventMap[typeof SUBMITTED | typeof STATUS_CHANGED | typeof WITHDRAWN]
>;

/** The notices of one application event, by its type. */
function noticesOf(event: IntakeEvent, facts: ApplicationFacts): Notification[] {
  if (event.type === SUBMITTED)
    return noticesOfSubmitted(event as CloudEvent<NotificationEventMap[typeof SUBMITTED]>, facts);
  if (event.type === STATUS_CHANGED)
    return noticesOfStatusChanged(
      event as CloudEvent<NotificationEventMap[typeof STATUS_CHANGED]>,
      facts,
    );
  return noticesOfWithdrawn(event as CloudEvent<NotificationEventMap[typeof WITHDRAWN]>, facts);
}

/**
 * intake.application.v1: one batch handler for its three types, so a partition's batch is told
 * in its order (a submission before the status changes that follow it) with one write of all
 * its inbox messages.
 */
export function subscribeToIntake(
  backbone: EventBackbone<NotificationEventMap>,
  context: NotificationContext,
): Promise<Subscription> {
  const applications: BatchEventHandler<IntakeEvent['data']> = {
    batch: (events, { session }) => tellAboutApplications(context, events, noticesOf, session),
  };
  return backbone.subscribe(INTAKE_GROUP, {
    [SUBMITTED]: applications,
    [STATUS_CHANGED]: applications,
    [WITHDRAWN]: applications,
  });
}
