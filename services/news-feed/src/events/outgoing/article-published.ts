import type { Article } from '../../domain/article.js';
import { ARTICLE_PUBLISHED, type NewsEvent } from './event-types.js';

/** Published, or republished after a chief-editor's edit: what downstream lists need, no body. */
export function articlePublished(article: Article, at: Date): NewsEvent {
  const { content } = article;
  return {
    type: ARTICLE_PUBLISHED,
    aggregateId: article.id,
    time: at,
    data: {
      articleId: article.id,
      revision: article.revision,
      kind: content.kind,
      title: content.title,
      ...(content.summary && { summary: content.summary }),
      ...(content.region && { region: content.region }),
      ...(content.tags && content.tags.length > 0 && { tags: content.tags }),
      publishedAt: (article.publishedAt ?? at).toISOString(),
      mentionedCarrierIds: article.mentionedCarriers.map((carrier) => carrier.id),
    },
  };
}
