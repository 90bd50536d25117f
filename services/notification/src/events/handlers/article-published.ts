import type { ArticlePublishedData } from '@shuangchuang/contracts';
import type { EventHandler } from '@shuangchuang/event-backbone';
import { followersOfMentioned } from '../../domain/recipients.js';
import { articlePublishedNotice } from '../../domain/templates.js';
import type { NotificationContext } from '../../workflows/notification-context.js';
import { notifyFollowerOfNews } from '../../workflows/notify-recipients.js';

/** Followers of any carrier the article mentions hear of it (or find it in their digest). */
export function onArticlePublished(
  context: NotificationContext,
): EventHandler<ArticlePublishedData> {
  return async (event, { session }) => {
    const data = event.data;
    if (data.mentionedCarrierIds.length === 0) return;
    const follows = await context.audiences.followersOf(data.mentionedCarrierIds, session);
    for (const userId of followersOfMentioned(follows)) {
      const followed = follows.filter((f) => f.userId === userId).map((f) => f.carrierId);
      const carrierNames = await context.carriers.namesOf(followed, session);
      const notice = articlePublishedNotice({
        articleId: data.articleId,
        title: data.title,
        ...(data.summary ? { summary: data.summary } : {}),
        carrierNames,
      });
      await notifyFollowerOfNews(
        context,
        event.id,
        userId,
        notice,
        { articleId: data.articleId, title: data.title, carrierNames },
        session,
      );
    }
  };
}
