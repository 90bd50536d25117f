// The notification API: one thin handler per operation of packages/contracts/openapi/notification.yaml.
// Roles come from the contract's x-roles (the kit refuses the others); handlers read the typed
// request, call a workflow and map its answer.
import type { NotificationApi } from '@shuangchuang/contracts';
import { routeTable } from '@shuangchuang/service-kit';
import { choosePreferences, preferencesOf } from '../workflows/choose-preferences.js';
import { followCarrier, listFollows, unfollowCarrier } from '../workflows/follow-carriers.js';
import type { NotificationContext } from '../workflows/notification-context.js';
import { listInbox, markAllRead, markRead, unreadCount } from '../workflows/read-inbox.js';
import {
  registerReviewer,
  reviewerCarriers,
  unregisterReviewer,
} from '../workflows/register-reviewers.js';
import { failedDeliveries } from '../workflows/review-failed-deliveries.js';
import {
  authorisationLedger,
  recordAuthorisations,
  subscribeTemplates,
} from '../workflows/subscribe-authorisations.js';
import { deleteUserData, exportUserData } from '../workflows/user-data.js';
import {
  failedDeliveryView,
  followView,
  inboxMessageView,
  ledgerView,
  preferencesOf as preferencesFromBody,
  preferencesView,
} from './views.js';

export function notificationRoutes(context: NotificationContext) {
  const ledger = (rows: Parameters<typeof ledgerView>[0]) =>
    ledgerView(rows, context.wechatTemplates);

  return routeTable<NotificationApi.paths>({
    'GET /follows': async ({ user, query }) => {
      const page = await listFollows(context, user.id, pageOf(query));
      return {
        status: 200,
        body: { items: page.items.map(followView), nextCursor: page.nextCursor },
      };
    },

    'PUT /follows/{carrierId}': async ({ user, params }) => ({
      status: 200,
      body: followView(await followCarrier(context, user.id, params.carrierId)),
    }),

    'DELETE /follows/{carrierId}': async ({ user, params }) => {
      await unfollowCarrier(context, user.id, params.carrierId);
      return { status: 204 };
    },

    'PUT /reviewer-registration': async ({ user }) => ({
      status: 200,
      body: { carrierIds: await registerReviewer(context, user) },
    }),

    'GET /reviewer-registration': async ({ user }) => ({
      status: 200,
      body: { carrierIds: await reviewerCarriers(context, user.id) },
    }),

    'DELETE /reviewer-registration': async ({ user }) => {
      await unregisterReviewer(context, user.id);
      return { status: 204 };
    },

    'GET /inbox': async ({ user, query }) => {
      const page = await listInbox(context, user.id, {
        ...pageOf(query),
        unreadOnly: query.unreadOnly ?? false,
      });
      return {
        status: 200,
        body: {
          items: page.items.map(inboxMessageView),
          nextCursor: page.nextCursor,
          unreadCount: page.unreadCount,
        },
      };
    },

    'GET /inbox/unread-count': async ({ user }) => ({
      status: 200,
      body: { unreadCount: await unreadCount(context, user.id) },
    }),

    'POST /inbox/read-all': async ({ user }) => ({
      status: 200,
      body: { marked: await markAllRead(context, user.id) },
    }),

    'POST /inbox/{messageId}/read': async ({ user, params }) => ({
      status: 200,
      body: inboxMessageView(await markRead(context, user.id, params.messageId)),
    }),

    'GET /preferences': async ({ user }) => ({
      status: 200,
      body: preferencesView(await preferencesOf(context, user.id)),
    }),

    'PUT /preferences': async ({ user, body }) => ({
      status: 200,
      body: preferencesView(await choosePreferences(context, user.id, preferencesFromBody(body))),
    }),

    'GET /subscribe-authorisations': async ({ user }) => ({
      status: 200,
      body: ledger(await authorisationLedger(context, user.id)),
    }),

    'POST /subscribe-authorisations': async ({ user, headers, body }) => ({
      status: 200,
      body: ledger(await recordAuthorisations(context, user.id, body, headers['Idempotency-Key'])),
    }),

    'GET /subscribe-templates': ({ query }) => ({
      status: 200,
      body: { items: subscribeTemplates(context, query.event) },
    }),

    'GET /failed-deliveries': async ({ query }) => {
      const page = await failedDeliveries(context, {
        ...pageOf(query),
        ...(query.channel && { channel: query.channel }),
      });
      return {
        status: 200,
        body: { items: page.items.map(failedDeliveryView), nextCursor: page.nextCursor },
      };
    },

    'GET /me/data-export': async ({ user }) => {
      const data = await exportUserData(context, user.id);
      return {
        status: 200,
        body: {
          exportedAt: data.exportedAt.toISOString(),
          userId: data.userId,
          follows: data.follows.map(followView),
          inbox: data.inbox.map(inboxMessageView),
          preferences: preferencesView(data.preferences),
          authorisations: ledger(data.authorisations),
        },
      };
    },

    'DELETE /me': async ({ user }) => {
      await deleteUserData(context, user.id);
      return { status: 204 };
    },
  });
}

function pageOf(query: { cursor?: string; limit?: number }) {
  return { ...(query.cursor && { cursor: query.cursor }), limit: query.limit ?? 20 };
}
