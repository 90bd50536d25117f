// My applications: the list and each application's status timeline with reviewers' comments.
import type { IntakeApi, IntakeClient } from '@shuangchuang/contracts';
import { unwrap } from '../../services/problem';
import { statusLabels, type ApplicationStatus } from '../labels';

export type ApplicationSummary = IntakeApi.components['schemas']['ApplicationSummary'];
export type Application = IntakeApi.components['schemas']['Application'];

export interface TimelineEntry {
  status: ApplicationStatus;
  label: string;
  at: string;
  by: string;
  comment: string | null;
}

const actorLabels: Record<Application['timeline'][number]['actorRole'], string> = {
  founder: '我',
  reviewer: '审核员',
  'intake-admin': '入孵管理员',
};

/** Newest first, as the page shows it. */
export function timelineEntries(application: Pick<Application, 'timeline'>): TimelineEntry[] {
  return [...application.timeline]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((transition) => ({
      status: transition.to,
      label: statusLabels[transition.to],
      at: formatTime(transition.at),
      by: actorLabels[transition.actorRole],
      comment: transition.comment?.trim() ? transition.comment.trim() : null,
    }));
}

export type StatusTone = 'progress' | 'success' | 'danger' | 'muted';

export function statusTone(status: ApplicationStatus): StatusTone {
  if (status === 'accepted' || status === 'admitted' || status === 'graduated') return 'success';
  if (status === 'rejected') return 'danger';
  if (status === 'draft' || status === 'withdrawn') return 'muted';
  return 'progress';
}

/** 2026-11-22T06:00:01Z → 2026-11-22 14:00 (China time). */
export function formatTime(iso: string): string {
  const date = new Date(Date.parse(iso) + 8 * 3600_000);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

export async function listMyApplications(intake: IntakeClient): Promise<ApplicationSummary[]> {
  const page = await unwrap(intake.GET('/applications', { params: { query: { limit: 50 } } }));
  return page.items;
}

export function getApplication(intake: IntakeClient, applicationId: string): Promise<Application> {
  return unwrap(
    intake.GET('/applications/{applicationId}', { params: { path: { applicationId } } }),
  );
}

const NEXT_STEPS: Partial<Record<ApplicationStatus, string[]>> = {
  accepted: [
    '载体工作人员将与您联系，约定入驻时间、确认场地并签订入孵协议',
    '请准备营业执照（尚未注册的准备团队成员身份证明）和最新的商业计划书',
  ],
  info_requested: ['请根据审核意见补充材料后重新提交'],
  interview_scheduled: ['请按约定时间参加面谈，如需改期请联系载体'],
  admitted: ['已入孵：可以向载体预约场地、导师辅导和投融资对接等服务'],
};

/** What the founder does next at this status; [] when nothing is expected of them. */
export function nextSteps(status: ApplicationStatus): string[] {
  return NEXT_STEPS[status] ?? [];
}

/** The carrier's contact card shows once the founder has something to arrange with it. */
export function showsCarrierContact(status: ApplicationStatus): boolean {
  return ['accepted', 'interview_scheduled', 'admitted', 'info_requested'].includes(status);
}
