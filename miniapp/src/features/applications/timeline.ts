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
