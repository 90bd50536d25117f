// Me: followed carriers and the founder's data rights (export, deletion) across the services
// that hold personal data (application-intake and notification).
import type { IntakeClient, NotificationApi, NotificationClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';

export type Follow = NotificationApi.components['schemas']['Follow'];

export async function listFollows(notification: NotificationClient): Promise<Follow[]> {
  const page = await unwrap(notification.GET('/follows', { params: { query: { limit: 100 } } }));
  return page.items;
}

export interface DataExport {
  exportedAt: string;
  intake: unknown;
  notification: unknown;
}

export async function exportMyData(
  clients: { intake: IntakeClient; notification: NotificationClient },
  now: Date = new Date(),
): Promise<DataExport> {
  const [intake, notification] = await Promise.all([
    unwrap(clients.intake.GET('/me/data-export')),
    unwrap(clients.notification.GET('/me/data-export')),
  ]);
  return { exportedAt: now.toISOString(), intake, notification };
}

export function exportSummary(data: DataExport): string {
  const intake = data.intake as { applications?: unknown[] };
  const notification = data.notification as { follows?: unknown[]; inbox?: unknown[] };
  return `入孵申请 ${intake.applications?.length ?? 0} 份，关注 ${notification.follows?.length ?? 0} 个，消息 ${notification.inbox?.length ?? 0} 条`;
}

/** Deletes everywhere; notification first so no message reaches a deleted account. */
export async function deleteMyData(clients: {
  intake: IntakeClient;
  notification: NotificationClient;
}): Promise<void> {
  await unwrap(clients.notification.DELETE('/me'));
  await unwrap(clients.intake.DELETE('/me'));
}
