import type { Article } from '../../domain/article.js';
import { ARTICLE_RETRACTED, type NewsEvent } from './event-types.js';

/** A published article was taken down; the carriers it named drop it from their news. */
export function articleRetracted(article: Article): NewsEvent {
  const retraction = article.retraction!;
  return {
    type: ARTICLE_RETRACTED,
    aggregateId: article.id,
    time: retraction.at,
    data: {
      articleId: article.id,
      revision: article.revision,
      reason: retraction.reason,
      retractedAt: retraction.at.toISOString(),
      mentionedCarrierIds: article.mentionedCarriers.map((carrier) => carrier.id),
    },
  };
}
