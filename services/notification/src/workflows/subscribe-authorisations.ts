import { requestFingerprint } from '@shuangchuang/service-kit';
import { NOTICE_TEMPLATES, type NoticeTemplate } from '../domain/notice.js';
import type { NotificationContext } from './notification-context.js';

export interface LedgerRow {
  templateId: string;
  remaining: number;
}

/** What wx.requestSubscribeMessage answered for some templates. */
export interface SubscribeResults {
  openId?: string;
  results: { templateId: string; result: 'accept' | 'reject' | 'ban' | 'filter' }[];
}

/**
 * Records what wx.requestSubscribeMessage answered: each `accept` is one send. Under the kit's
 * Idempotency-Key mechanism: the key, the grants and the answer (the ledger after them) commit
 * together, so a retried request counts once and is answered as the first was; the same key
 * with other results is refused.
 */
export async function recordAuthorisations(
  context: NotificationContext,
  userId: string,
  request: SubscribeResults,
  idempotencyKey: string | undefined,
): Promise<LedgerRow[]> {
  const { answer } = await context.idempotency.idempotently(
    `${userId}|recordSubscribeAuthorisations`,
    idempotencyKey,
    requestFingerprint(request),
    async (session) => {
      for (const { templateId, result } of request.results) {
        const granted = result === 'accept' ? 1 : 0;
        await context.ledger.grant(userId, templateId, granted, request.openId, session);
      }
      return context.ledger.of(userId, session);
    },
  );
  return answer;
}

export function authorisationLedger(
  context: NotificationContext,
  userId: string,
): Promise<LedgerRow[]> {
  return context.ledger.of(userId);
}

/** The WeChat templates configured for our notices, optionally of one notice. */
export function subscribeTemplates(
  context: NotificationContext,
  event?: string,
): { templateId: string; event: NoticeTemplate; title: string }[] {
  return NOTICE_TEMPLATES.filter((t) => !event || t.template === event).flatMap((t) => {
    const templateId = context.wechatTemplates[t.template];
    return templateId ? [{ templateId, event: t.template, title: t.title }] : [];
  });
}
