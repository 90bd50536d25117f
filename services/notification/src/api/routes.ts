import { ForbiddenError, NotFoundError, type AuthUser } from '@shuangchuang/service-kit';
import type { Request, Router } from 'express';
import type { Channel, Preferences } from '../domain/preferences.js';
import { NOTICE_TEMPLATES } from '../domain/notice.js';
import type { NotificationContext } from '../workflows/notification-context.js';
import { deleteUserData, exportUserData, recordAuthorisations } from '../workflows/user-data.js';
import { failedDeliveryView, followView, inboxMessageView, ledgerView } from './views.js';

export interface RouteDeps {
  context: NotificationContext;
  wechatTemplates: Record<string, string>;
}

const FOUNDER = ['founder'];
const REVIEWERS = ['reviewer', 'intake-admin'];
const ADMIN = ['notification-admin'];

/** The caller, once the OpenAPI validator has verified their token; 403 without the roles. */
function callerWith(req: Request, roles?: readonly string[]): AuthUser {
  const user = req.user as AuthUser;
  if (roles && !roles.some((role) => user.roles.includes(role))) {
    throw new ForbiddenError(`this requires one of the roles: ${roles.join(', ')}`);
  }
  return user;
}

function pageOf(req: Request): { cursor?: string; limit: number } {
  const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
  return { ...(cursor ? { cursor } : {}), limit: Number(req.query.limit ?? 20) };
}

export function mountNotificationRoutes(router: Router, deps: RouteDeps): void {
  const { context } = deps;

  router.get('/follows', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    const page = await context.audiences.followsOf(user.id, pageOf(req));
    const names = await namesById(
      context,
      page.items.map((f) => f.carrierId),
    );
    res.json({ items: page.items.map((f) => followView(f, names)), nextCursor: page.nextCursor });
  });

  router.put('/follows/:carrierId', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    const carrierId = String(req.params.carrierId);
    const carrier = await context.carriers.find(carrierId);
    if (!carrier || carrier.status !== 'active') throw new NotFoundError('no such carrier');
    const follow = await context.audiences.follow(user.id, carrierId, context.now());
    res.json(followView(follow, new Map([[carrierId, carrier.name]])));
  });

  router.delete('/follows/:carrierId', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    await context.audiences.unfollow(user.id, String(req.params.carrierId));
    res.status(204).end();
  });

  router.put('/reviewer-registration', async (req, res) => {
    const user = callerWith(req, REVIEWERS);
    await context.audiences.registerReviewer(user.id, user.carrierIds, context.now());
    res.json({ carrierIds: await context.audiences.reviewerCarriers(user.id) });
  });

  router.get('/reviewer-registration', async (req, res) => {
    const user = callerWith(req, REVIEWERS);
    res.json({ carrierIds: await context.audiences.reviewerCarriers(user.id) });
  });

  router.delete('/reviewer-registration', async (req, res) => {
    const user = callerWith(req, REVIEWERS);
    await context.audiences.unregisterReviewer(user.id);
    res.status(204).end();
  });

  router.get('/inbox', async (req, res) => {
    const user = callerWith(req);
    const unreadOnly = String(req.query.unreadOnly ?? 'false') === 'true';
    const page = await context.inbox.list(user.id, { ...pageOf(req), unreadOnly });
    res.json({
      items: page.items.map(inboxMessageView),
      nextCursor: page.nextCursor,
      unreadCount: await context.inbox.unreadCount(user.id),
    });
  });

  router.get('/inbox/unread-count', async (req, res) => {
    const user = callerWith(req);
    res.json({ unreadCount: await context.inbox.unreadCount(user.id) });
  });

  router.post('/inbox/read-all', async (req, res) => {
    const user = callerWith(req);
    res.json({ marked: await context.inbox.markAllRead(user.id) });
  });

  router.post('/inbox/:messageId/read', async (req, res) => {
    const user = callerWith(req);
    const message = await context.inbox.markRead(user.id, String(req.params.messageId));
    if (!message) throw new NotFoundError('no such message');
    res.json(inboxMessageView(message));
  });

  router.get('/preferences', async (req, res) => {
    const user = callerWith(req);
    res.json(await context.preferences.of(user.id));
  });

  router.put('/preferences', async (req, res) => {
    const user = callerWith(req);
    res.json(await context.preferences.set(user.id, req.body as Preferences, context.now()));
  });

  router.get('/subscribe-authorisations', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    res.json(ledgerView(await context.ledger.of(user.id), deps.wechatTemplates));
  });

  router.post('/subscribe-authorisations', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    const key = req.headers['idempotency-key'];
    const body = req.body as {
      openId?: string;
      results: { templateId: string; result: 'accept' | 'reject' | 'ban' | 'filter' }[];
    };
    await recordAuthorisations(context, user.id, body, String(key));
    res.json(ledgerView(await context.ledger.of(user.id), deps.wechatTemplates));
  });

  router.get('/subscribe-templates', (req, res) => {
    const event = typeof req.query.event === 'string' ? req.query.event : undefined;
    const items = NOTICE_TEMPLATES.filter((t) => !event || t.template === event).flatMap((t) =>
      deps.wechatTemplates[t.template]
        ? [{ templateId: deps.wechatTemplates[t.template]!, event: t.template, title: t.title }]
        : [],
    );
    res.json({ items });
  });

  router.get('/failed-deliveries', async (req, res) => {
    callerWith(req, ADMIN);
    const channel =
      typeof req.query.channel === 'string' ? (req.query.channel as Channel) : undefined;
    const page = await context.deliveries.failures({
      ...pageOf(req),
      ...(channel ? { channel } : {}),
    });
    res.json({ items: page.items.map(failedDeliveryView), nextCursor: page.nextCursor });
  });

  router.get('/me/data-export', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    const data = await exportUserData(context, user.id);
    res.json({
      exportedAt: data.exportedAt.toISOString(),
      userId: data.userId,
      follows: data.follows.map((follow) => followView(follow, data.carrierNames)),
      inbox: data.inbox.map(inboxMessageView),
      preferences: data.preferences,
      authorisations: ledgerView(data.authorisations, deps.wechatTemplates),
    });
  });

  router.delete('/me', async (req, res) => {
    const user = callerWith(req, FOUNDER);
    await deleteUserData(context, user.id);
    res.status(204).end();
  });
}

async function namesById(context: NotificationContext, carrierIds: string[]) {
  const found = await context.models.carriers
    .find({ _id: { $in: carrierIds } }, { name: 1 })
    .lean();
  return new Map(found.map((carrier) => [carrier._id, carrier.name]));
}
