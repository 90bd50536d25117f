import { describe, expect, it } from 'vitest';
import {
  clearDraft,
  loadDraft,
  newKey,
  recordSubscribeChoices,
  saveDraft,
  saveServerDraft,
  submitDraft,
  subscribeTemplateIds,
  type ApplyDraft,
} from '../src/features/apply/submission';
import { ApiError } from '../src/services/problem';
import { fakeApi, memoryStorage, problem } from './fake-api';
import { completeForm } from './fixtures';

const application = (status: string, version = 1) => ({
  id: 'app1',
  version,
  carrierId: '665f1c2ab8e4a1f3c9d20001',
  founderUserId: 'u1',
  status,
  content: {},
  timeline: [],
  scores: [],
  nextStatuses: [],
  createdAt: '2026-11-20T02:20:00Z',
  updatedAt: '2026-11-20T02:20:00Z',
});

function draft(extra: Partial<ApplyDraft> = {}): ApplyDraft {
  return {
    form: completeForm(),
    step: 3,
    createKey: 'create-key-1',
    submitKey: 'submit-key-1',
    ...extra,
  };
}

describe('apply: the local draft', () => {
  it('is kept per carrier and survives a reload', () => {
    const storage = memoryStorage();
    saveDraft(storage, draft());
    expect(loadDraft(storage, '665f1c2ab8e4a1f3c9d20001')).toEqual(draft());
    expect(loadDraft(storage, 'other')).toBeNull();
    clearDraft(storage, '665f1c2ab8e4a1f3c9d20001');
    expect(loadDraft(storage, '665f1c2ab8e4a1f3c9d20001')).toBeNull();
  });

  it('ignores a corrupt stored draft', () => {
    const storage = memoryStorage();
    storage.set('sc.applyDraft.c1', '{not json');
    expect(loadDraft(storage, 'c1')).toBeNull();
  });

  it('chooses idempotency keys long enough for the API (8–128)', () => {
    const key = newKey();
    expect(key.length).toBeGreaterThanOrEqual(8);
    expect(key.length).toBeLessThanOrEqual(128);
    expect(newKey()).not.toBe(key);
  });
});

describe('apply: saving and submitting through application-intake', () => {
  it('creates the draft with its Idempotency-Key, then submits with the other key', async () => {
    const { clients, calls } = fakeApi(
      {
        'POST /api/application-intake/applications': () => ({
          status: 201,
          body: application('draft'),
        }),
        'POST /api/application-intake/applications/app1/submit': () => ({
          body: application('submitted', 2),
        }),
      },
      'tok',
    );
    const submitted = await submitDraft(clients.intake, draft(), new Date('2026-11-20T02:25:00Z'));
    expect(submitted.status).toBe('submitted');
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([
      'POST /api/application-intake/applications',
      'POST /api/application-intake/applications/app1/submit',
    ]);
    expect(calls[0]!.header['idempotency-key']).toBe('create-key-1');
    expect(calls[1]!.header['idempotency-key']).toBe('submit-key-1');
    expect(calls[0]!.body).toMatchObject({
      carrierId: '665f1c2ab8e4a1f3c9d20001',
      applicant: { mobile: '13912345678' },
      consent: { accepted: true, at: '2026-11-20T02:25:00.000Z' },
    });
  });

  it('edits an existing server draft with If-Match on its version', async () => {
    const { clients, calls } = fakeApi(
      {
        'PUT /api/application-intake/applications/app1': () => ({ body: application('draft', 4) }),
      },
      'tok',
    );
    const saved = await saveServerDraft(
      clients.intake,
      draft({ applicationId: 'app1', version: 3 }),
    );
    expect(saved.version).toBe(4);
    expect(calls[0]!.header['if-match']).toBe('"3"');
  });

  it('passes on the API refusal with the field errors', async () => {
    const { clients } = fakeApi(
      {
        'POST /api/application-intake/applications': () => ({
          status: 201,
          body: application('draft'),
        }),
        'POST /api/application-intake/applications/app1/submit': () =>
          problem(409, 'Conflict', 'an open application to this carrier exists'),
      },
      'tok',
    );
    const error = await submitDraft(clients.intake, draft()).catch((e: unknown) => e as ApiError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
  });
});

describe('apply: subscribe-message permission at submit', () => {
  it('asks for the status-change templates and records the answers', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/notification/subscribe-templates': () => ({
          body: {
            items: [
              { templateId: 'T1', event: 'application.status-changed', title: '申请进度提醒' },
            ],
          },
        }),
        'POST /api/notification/subscribe-authorisations': () => ({ body: { items: [] } }),
      },
      'tok',
    );
    const ids = await subscribeTemplateIds(clients.notification);
    expect(ids).toEqual(['T1']);
    expect(calls[0]!.url.searchParams.get('event')).toBe('application.status-changed');
    const accepted = await recordSubscribeChoices(
      clients.notification,
      ids,
      { T1: 'accept', errMsg: 'ok' },
      'key-000001',
    );
    expect(accepted).toBe(1);
    expect(calls[1]!.body).toEqual({ results: [{ templateId: 'T1', result: 'accept' }] });
    expect(calls[1]!.header['idempotency-key']).toBe('key-000001');
  });

  it('never blocks the submission when notification is down', async () => {
    const { clients } = fakeApi({
      'GET /api/notification/subscribe-templates': () => problem(503, 'Unavailable'),
      'POST /api/notification/subscribe-authorisations': () => problem(500, 'Internal'),
    });
    expect(await subscribeTemplateIds(clients.notification)).toEqual([]);
    expect(
      await recordSubscribeChoices(clients.notification, ['T1'], { T1: 'accept' }, 'key-000001'),
    ).toBe(0);
    expect(await recordSubscribeChoices(clients.notification, ['T1'], {}, 'key-000001')).toBe(0);
  });
});
