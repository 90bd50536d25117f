// Chinese texts per event, from what the event carries plus the service's own read models
// (the carrier's name). Founders' names never travel on the bus, so none appear here.
import type { Notice } from './notice.js';

export type ApplicationStatus =
  | 'draft'
  | 'submitted'
  | 'under_review'
  | 'info_requested'
  | 'resubmitted'
  | 'interview_scheduled'
  | 'accepted'
  | 'rejected'
  | 'admitted'
  | 'graduated'
  | 'withdrawn';

const STATUS_LABELS: Record<ApplicationStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  under_review: '审核中',
  info_requested: '需补充材料',
  resubmitted: '已重新提交',
  interview_scheduled: '已安排面谈',
  accepted: '已通过',
  rejected: '未通过',
  admitted: '已入孵',
  graduated: '已毕业',
  withdrawn: '已撤回',
};

/** The founder must act or show up: these reach them even in their quiet hours. */
const URGENT_STATUSES: ReadonlySet<ApplicationStatus> = new Set([
  'info_requested',
  'interview_scheduled',
]);

const UNKNOWN_CARRIER = '所申请的载体';

export function statusLabel(status: ApplicationStatus): string {
  return STATUS_LABELS[status];
}

/** 北京时间 "2026-11-25 14:30", for interview times. */
export function shanghaiDateTime(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/**
 * What an accepted founder does next and how to reach the carrier. The carrier's phone and
 * address are not on the bus (nor in this service): the message leads to the application page,
 * whose contact card (from the registry) calls or navigates.
 */
function acceptedBody(carrier: string): string {
  return [
    `恭喜！您向 ${carrier} 提交的入孵申请已通过审核。`,
    `下一步：${carrier} 的工作人员将与您联系，约定入驻时间、确认场地并签订入孵协议；请提前准备营业执照（尚未注册的请准备团队成员身份证明）和最新的商业计划书。`,
    `联系载体：打开本消息进入申请进度页，可直接拨打 ${carrier} 的电话或查看地址与导航。`,
  ].join('\n');
}

export function applicationStatusNotice(input: {
  applicationId: string;
  carrierName: string | undefined;
  toStatus: ApplicationStatus;
  interviewAt?: string;
}): Notice {
  const carrier = input.carrierName ?? UNKNOWN_CARRIER;
  const label = STATUS_LABELS[input.toStatus];
  let body = `您向 ${carrier} 提交的入孵申请状态更新为「${label}」。`;
  if (input.toStatus === 'submitted')
    body = `您向 ${carrier} 提交的入孵申请已提交，请耐心等待审核。`;
  if (input.toStatus === 'accepted') body = acceptedBody(carrier);
  if (input.toStatus === 'rejected')
    body =
      `很遗憾，您向 ${carrier} 提交的入孵申请未通过审核。` +
      `打开本消息可查看审核意见；也可在小程序「发现」中查看其他正在接受申请的载体。`;
  if (input.toStatus === 'info_requested')
    body = `${carrier} 请您补充申请材料，请尽快登录小程序查看并重新提交。`;
  if (input.toStatus === 'interview_scheduled')
    body = input.interviewAt
      ? `${carrier} 邀请您于 ${shanghaiDateTime(input.interviewAt)}（北京时间）参加入孵面谈。`
      : `${carrier} 邀请您参加入孵面谈，请登录小程序查看详情。`;
  if (input.toStatus === 'withdrawn') body = `您已撤回向 ${carrier} 提交的入孵申请。`;
  return {
    template: 'application.status-changed',
    category: 'application',
    title: `入孵申请${label}`,
    body,
    link: { page: 'application', id: input.applicationId },
    urgent: URGENT_STATUSES.has(input.toStatus),
    fields: { carrier: carrier.slice(0, 20), status: label },
  };
}

export function applicationReceivedNotice(input: {
  applicationId: string;
  carrierName: string | undefined;
  resubmission: boolean;
  projectIndustry?: string;
}): Notice {
  const carrier = input.carrierName ?? '您服务的载体';
  const what = input.resubmission ? '一份补充材料后重新提交的入孵申请' : '一份新的入孵申请';
  const industry = input.projectIndustry ? `（行业：${input.projectIndustry}）` : '';
  return {
    template: 'application.received',
    category: 'application',
    title: input.resubmission ? '入孵申请已重新提交' : '收到新的入孵申请',
    body: `${carrier} 收到${what}${industry}，请及时审核。`,
    link: { page: 'application', id: input.applicationId },
    urgent: false,
    fields: { carrier: carrier.slice(0, 20), status: input.resubmission ? '重新提交' : '新申请' },
  };
}

export function articlePublishedNotice(input: {
  articleId: string;
  title: string;
  summary?: string;
  carrierNames: string[];
}): Notice {
  const about = input.carrierNames.length > 0 ? `您关注的 ${input.carrierNames.join('、')} ` : '';
  return {
    template: 'news.published',
    category: 'news',
    title: input.title.slice(0, 100),
    body: `${about}有新动态：《${input.title}》${input.summary ? `\n${input.summary}` : ''}`.slice(
      0,
      2000,
    ),
    link: { page: 'article', id: input.articleId },
    urgent: false,
    fields: { title: input.title.slice(0, 20) },
  };
}

export function carrierAcceptingNotice(input: { carrierId: string; carrierName: string }): Notice {
  return {
    template: 'carrier.accepting',
    category: 'carrier',
    title: `${input.carrierName} 开放入孵申请`.slice(0, 100),
    body: `您关注的 ${input.carrierName} 现已开放入孵申请，欢迎提交。`,
    link: { page: 'carrier', id: input.carrierId },
    urgent: false,
    fields: { carrier: input.carrierName.slice(0, 20) },
  };
}

export interface DigestArticle {
  articleId: string;
  title: string;
  carrierNames: string[];
}

export function newsDigestNotice(day: string, articles: DigestArticle[]): Notice {
  const lines = articles.map(
    (article, index) =>
      `${index + 1}. 《${article.title}》${article.carrierNames.length ? `（${article.carrierNames.join('、')}）` : ''}`,
  );
  return {
    template: 'news.digest',
    category: 'digest',
    title: `${day} 关注动态汇总（${articles.length} 条）`,
    body: `您关注的载体今日有 ${articles.length} 条新动态：\n${lines.join('\n')}`.slice(0, 2000),
    urgent: false,
    fields: { title: `今日动态 ${articles.length} 条` },
  };
}
