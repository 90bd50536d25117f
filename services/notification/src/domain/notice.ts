/** What one recipient is told: rendered once, then delivered on each of their channels. */
export interface Notice {
  /** the template key, e.g. `application.status-changed`; names the WeChat template too */
  template: NoticeTemplate;
  category: 'application' | 'news' | 'carrier' | 'digest';
  title: string;
  body: string;
  link?: { page: 'application' | 'article' | 'carrier'; id: string };
  /** urgent notices ignore quiet hours */
  urgent: boolean;
  /** short fields for WeChat subscribe-message templates (each at most 20 characters) */
  fields: Record<string, string>;
}

export type NoticeTemplate =
  | 'application.status-changed'
  | 'application.received'
  | 'news.published'
  | 'carrier.accepting'
  | 'news.digest';

export const NOTICE_TEMPLATES: readonly { template: NoticeTemplate; title: string }[] = [
  { template: 'application.status-changed', title: '申请进度提醒' },
  { template: 'application.received', title: '新入孵申请提醒' },
  { template: 'news.published', title: '关注载体动态' },
  { template: 'carrier.accepting', title: '开放申请提醒' },
  { template: 'news.digest', title: '每日动态汇总' },
];
