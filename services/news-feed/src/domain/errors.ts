import type { ArticleStatus } from './article.js';
import type { ImportWarning } from './import-report.js';

/** A workflow step that the article's status does not allow (a 409 at the API). */
export class IllegalTransitionError extends Error {
  constructor(
    readonly action: string,
    readonly status: ArticleStatus,
  ) {
    super(`cannot ${action} an article that is ${status}`);
    this.name = 'IllegalTransitionError';
  }
}

/** The caller's role does not allow this step on this article (a 403 at the API). */
export class EditorialRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditorialRoleError';
  }
}

/** Content or schedule that breaks the rules, with the field it concerns (a 400 at the API). */
export class ArticleRuleError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArticleRuleError';
  }
}

export class ArticleNotFoundError extends Error {
  constructor(readonly articleId: string) {
    super(`no article ${articleId}`);
    this.name = 'ArticleNotFoundError';
  }
}

/** If-Match named an older version than the stored one (a 412 at the API). */
export class StaleVersionError extends Error {
  constructor(readonly currentVersion: number) {
    super(`the article changed meanwhile; its version is ${currentVersion}`);
    this.name = 'StaleVersionError';
  }
}

/** A concurrent change won the race for a workflow step (a 409 at the API). */
export class ConcurrentChangeError extends Error {
  constructor() {
    super('the article changed meanwhile; reload it and try again');
    this.name = 'ConcurrentChangeError';
  }
}

/** Approval of an article whose import warnings are still open, without acknowledging them (409). */
export class UnacknowledgedWarningsError extends Error {
  constructor(readonly warnings: readonly ImportWarning[]) {
    super(
      `the article has open import warnings (${warnings.map((w) => w.code).join(', ')}); approve with acknowledgeWarnings: true to publish it anyway`,
    );
    this.name = 'UnacknowledgedWarningsError';
  }
}
