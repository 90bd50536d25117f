import type { ArticleChange } from '../../domain/editorial-workflow.js';
import { articlePublished } from './article-published.js';
import { articleRetracted } from './article-retracted.js';
import type { NewsEvent } from './event-types.js';

/** The events news.article.v1 carries for a change a workflow stored (none for a draft's). */
export function eventsOfChange({ article, outcome }: ArticleChange): NewsEvent[] {
  if (outcome.kind === 'published') return [articlePublished(article, article.updatedAt)];
  if (outcome.kind === 'retracted' && outcome.wasPublished) return [articleRetracted(article)];
  return [];
}
