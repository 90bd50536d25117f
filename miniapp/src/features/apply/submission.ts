// Apply: the local draft, the server draft and the submission, each retry-safe.
import type { IntakeApi, IntakeClient, NotificationClient } from '@shuangchuang/contracts';
import type { KeyValueStorage } from '../../services/session';
import { unwrap } from '../../services/problem';
import { toApplicationInput, type ApplyForm } from './form';

export type Application = IntakeApi.components['schemas']['Application'];

/** What is kept between visits: the form, the step, the server draft and the retry keys. */
export interface ApplyDraft {
  form: ApplyForm;
  step: number;
  applicationId?: string;
  version?: number;
  /** Idempotency-Key of the create and of the submit, chosen once so a retry is recognised. */
  createKey: string;
  submitKey: string;
}

export function newKey(random = Math.random): string {
  return Array.from({ length: 4 }, () =>
    Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('-');
}

const draftKey = (carrierId: string) => `sc.applyDraft.${carrierId}`;

export function loadDraft(storage: KeyValueStorage, carrierId: string): ApplyDraft | null {
  const raw = storage.get(draftKey(carrierId));
  if (!raw) return null;
  try {
    const draft = JSON.parse(raw) as ApplyDraft;
    return draft.form?.carrierId === carrierId ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(storage: KeyValueStorage, draft: ApplyDraft): void {
  storage.set(draftKey(draft.form.carrierId), JSON.stringify(draft));
}

export function clearDraft(storage: KeyValueStorage, carrierId: string): void {
  storage.remove(draftKey(carrierId));
}

/** Saves the form as a server draft (create once, then edit with If-Match). */
export async function saveServerDraft(
  intake: IntakeClient,
  draft: ApplyDraft,
  now: Date = new Date(),
): Promise<ApplyDraft> {
  const body = toApplicationInput(draft.form, now);
  const application =
    draft.applicationId && draft.version
      ? await unwrap(
          intake.PUT('/applications/{applicationId}', {
            params: {
              path: { applicationId: draft.applicationId },
              header: { 'If-Match': `"${draft.version}"` },
            },
            body,
          }),
        )
      : await unwrap(
          intake.POST('/applications', {
            params: { header: { 'Idempotency-Key': draft.createKey } },
            body,
          }),
        );
  return { ...draft, applicationId: application.id, version: application.version };
}

/** Saves the latest content, then submits it. */
export async function submitDraft(
  intake: IntakeClient,
  draft: ApplyDraft,
  now: Date = new Date(),
): Promise<Application> {
  const saved = await saveServerDraft(intake, draft, now);
  return unwrap(
    intake.POST('/applications/{applicationId}/submit', {
      params: {
        path: { applicationId: saved.applicationId! },
        header: { 'Idempotency-Key': draft.submitKey },
      },
    }),
  );
}

export type SubscribeResult = Record<string, string>;

/** The templates to ask for at submit (status changes of the application); [] when unknown. */
export async function subscribeTemplateIds(notification: NotificationClient): Promise<string[]> {
  try {
    const templates = await unwrap(
      notification.GET('/subscribe-templates', {
        params: { query: { event: 'application.status-changed' } },
      }),
    );
    // WeChat asks for at most three templates at once.
    return templates.items.map((template) => template.templateId).slice(0, 3);
  } catch {
    return [];
  }
}

const choices = ['accept', 'reject', 'ban', 'filter'] as const;
type Choice = (typeof choices)[number];

/**
 * Records what the user answered to wx.requestSubscribeMessage (Taro.requestSubscribeMessage,
 * called first thing in the submit tap, as WeChat requires). Never fails the submit: returns how
 * many templates were accepted.
 */
export async function recordSubscribeChoices(
  notification: NotificationClient,
  templateIds: string[],
  answer: SubscribeResult,
  idempotencyKey: string,
): Promise<number> {
  const results = templateIds
    .filter((id) => (choices as readonly string[]).includes(answer[id] ?? ''))
    .map((id) => ({ templateId: id, result: answer[id] as Choice }));
  if (!results.length) return 0;
  try {
    await unwrap(
      notification.POST('/subscribe-authorisations', {
        params: { header: { 'Idempotency-Key': idempotencyKey } },
        body: { results },
      }),
    );
    return results.filter((r) => r.result === 'accept').length;
  } catch {
    return 0;
  }
}
