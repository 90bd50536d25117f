import type { ArticlePublishedData } from '@shuangchuang/contracts';
import type { CloudEvent } from '@shuangchuang/event-backbone';
import type { ClientSession } from 'mongoose';
import type { NotificationContext } from '../../workflows/notification-context.js';
import { tellFollowers } from '../../workflows/tell-followers.js';

/** Followers of any carrier the article mentions hear of it once (or find it in their digest). */
export async function onArticlePublished(
  context: NotificationContext,
  event: CloudEvent<ArticlePublishedData>,
  session: ClientSession,
): Promise<void> {
  const { data } = event;
  await tellFollowers(
    context,
    event.id,
    data.mentionedCarrierIds,
    {
      kind: 'news',
      articleId: data.articleId,
      title: data.title,
      ...(data.summary ? { summary: data.summary } : {}),
    },
    session,
  );
}
