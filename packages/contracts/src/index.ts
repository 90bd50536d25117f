// @shuangchuang/contracts — the platform's API and event contracts. This entry is bundled into
// the mini-program, so it imports nothing Node-only (document paths: ./documents).
export type * as RegistryApi from '../generated/types/registry.js';
export type * as NewsFeedApi from '../generated/types/news-feed.js';
export type * as IntakeApi from '../generated/types/application-intake.js';
export type * as NotificationApi from '../generated/types/notification.js';
export * from './clients/index.js';
export * from './events/index.js';
