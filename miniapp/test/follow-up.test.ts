// My applications, messages, news and me: the logic behind those pages.
import { describe, expect, it } from 'vitest';
import {
  formatTime,
  listMyApplications,
  statusTone,
  timelineEntries,
} from '../src/features/applications/timeline';
import { deleteMyData, exportMyData, exportSummary, listFollows } from '../src/features/me/account';
import {
  badgeText,
  loadInbox,
  markedRead,
  markRead,
  messageTarget,
  type InboxMessage,
} from '../src/features/messages/inbox';
import { formatDate, richTextHtml, toArticleQuery } from '../src/features/news/articles';
import { fakeApi, problem } from './fake-api';

describe('my applications: the status timeline', () => {
  const timeline = [
    { from: 'draft', to: 'submitted', actorRole: 'founder', at: '2026-11-20T02:30:00Z' },
    {
      from: 'submitted',
      to: 'under_review',
      actorRole: 'reviewer',
      at: '2026-11-21T03:00:00Z',
      comment: null,
    },
    {
      from: 'under_review',
      to: 'accepted',
      actorRole: 'reviewer',
      at: '2026-11-22T06:00:00Z',
      comment: ' 项目方向与孵化器智能制造重点领域契合，同意入孵。 ',
    },
  ] as const;

  it('lists transitions newest first with Chinese labels, actor and the reviewer comment', () => {
    expect(timelineEntries({ timeline: [...timeline] })).toEqual([
      {
        status: 'accepted',
        label: '已通过',
        at: '2026-11-22 14:00',
        by: '审核员',
        comment: '项目方向与孵化器智能制造重点领域契合，同意入孵。',
      },
      {
        status: 'under_review',
        label: '审核中',
        at: '2026-11-21 11:00',
        by: '审核员',
        comment: null,
      },
      { status: 'submitted', label: '已提交', at: '2026-11-20 10:30', by: '我', comment: null },
    ]);
  });

  it('colours statuses by outcome and formats China time', () => {
    expect(statusTone('accepted')).toBe('success');
    expect(statusTone('rejected')).toBe('danger');
    expect(statusTone('info_requested')).toBe('progress');
    expect(statusTone('withdrawn')).toBe('muted');
    expect(formatTime('2026-12-31T16:05:00Z')).toBe('2027-01-01 00:05');
    expect(formatTime('not a date')).toBe('not a date');
  });

  it('lists the founder’s applications', async () => {
    const { clients } = fakeApi(
      {
        'GET /api/application-intake/applications': () => ({
          body: {
            items: [
              {
                id: 'a1',
                carrierId: 'c1',
                carrierName: '启迪之星（德州）',
                status: 'submitted',
                updatedAt: '2026-11-20T02:30:00Z',
              },
            ],
            nextCursor: null,
          },
        }),
      },
      'tok',
    );
    expect((await listMyApplications(clients.intake)).map((a) => a.carrierName)).toEqual([
      '启迪之星（德州）',
    ]);
  });
});

describe('messages', () => {
  const message = (id: string, read: boolean): InboxMessage => ({
    id,
    category: 'application',
    title: '入孵申请已通过',
    body: '您向 启迪之星（德州） 提交的入孵申请已通过审核。',
    link: { page: 'application', id: 'app1' },
    read,
    createdAt: '2026-11-22T06:00:01Z',
  });

  it('shows the unread badge, capped at 99+', () => {
    expect(badgeText(0)).toBeNull();
    expect(badgeText(3)).toBe('3');
    expect(badgeText(120)).toBe('99+');
  });

  it('marks a message read once, lowering the unread count', () => {
    const page = { items: [message('m1', false), message('m2', true)], unreadCount: 1 };
    const after = markedRead(page, 'm1');
    expect(after.unreadCount).toBe(0);
    expect(after.items[0]!.read).toBe(true);
    expect(markedRead(after, 'm1')).toBe(after);
    expect(markedRead(page, 'm2')).toBe(page);
  });

  it('opens the page a message links to', () => {
    expect(messageTarget(message('m1', false))).toBe('/pages/application/index?id=app1');
    expect(messageTarget({ ...message('m1', false), link: { page: 'article', id: 'x' } })).toBe(
      '/pages/article/index?id=x',
    );
    expect(messageTarget({ ...message('m1', false), link: undefined })).toBeNull();
  });

  it('loads the inbox and marks read through notification', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/notification/inbox': () => ({
          body: { items: [message('m1', false)], nextCursor: null, unreadCount: 1 },
        }),
        'POST /api/notification/inbox/m1/read': () => ({ body: { ...message('m1', true) } }),
      },
      'tok',
    );
    const page = await loadInbox(clients.notification);
    expect(page.unreadCount).toBe(1);
    await markRead(clients.notification, 'm1');
    expect(calls[1]!.url.pathname).toBe('/api/notification/inbox/m1/read');
  });
});

describe('news', () => {
  it('builds the feed query from the filters', () => {
    expect(toArticleQuery({ text: ' 示范平台 ', kind: 'policy', region: '山东省' }, 'c')).toEqual({
      limit: 20,
      q: '示范平台',
      kind: 'policy',
      region: '山东省',
      cursor: 'c',
    });
    expect(toArticleQuery({ text: '', kind: '', region: '' })).toEqual({ limit: 20 });
  });

  it('formats publication dates in China time', () => {
    expect(formatDate('2021-12-01T12:24:01Z')).toBe('2021年12月1日');
    expect(formatDate('2021-11-30T20:00:00Z')).toBe('2021年12月1日');
    expect(formatDate(undefined)).toBe('');
  });

  it('gives RichText HTML without scripts, handlers or javascript: links', () => {
    const html = richTextHtml(
      '<p onclick="steal()">启迪之星<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="a.png"><style>p{}</style>',
    );
    expect(html).not.toMatch(/script|onclick|javascript:|<style/i);
    expect(html).toContain('<p>启迪之星</p>');
    expect(html).toContain('<img alt="资讯配图" style="max-width:100%;height:auto" src="a.png">');
    // an image with its own text alternative keeps it
    expect(richTextHtml('<img alt="路演现场" src="b.png">')).toContain('alt="路演现场"');
    expect(richTextHtml('<img alt="路演现场" src="b.png">')).not.toContain('资讯配图');
  });
});

describe('me: follows and data rights', () => {
  it('lists follows, exports from both services and deletes from both', async () => {
    const { clients, calls } = fakeApi(
      {
        'GET /api/notification/follows': () => ({
          body: {
            items: [
              {
                carrierId: 'c1',
                carrierName: '启迪之星（德州）',
                followedAt: '2026-11-20T02:00:00Z',
              },
            ],
            nextCursor: null,
          },
        }),
        'GET /api/application-intake/me/data-export': () => ({
          body: { exportedAt: '2026-11-22T00:00:00Z', userId: 'u1', applications: [{}, {}] },
        }),
        'GET /api/notification/me/data-export': () => ({
          body: {
            exportedAt: '2026-11-22T00:00:00Z',
            userId: 'u1',
            follows: [{}],
            inbox: [{}, {}, {}],
            preferences: {},
            authorisations: [],
          },
        }),
        'DELETE /api/notification/me': () => ({ status: 204 }),
        'DELETE /api/application-intake/me': () => ({ status: 204 }),
      },
      'tok',
    );
    expect((await listFollows(clients.notification))[0]!.carrierName).toBe('启迪之星（德州）');
    expect(exportSummary(await exportMyData(clients))).toBe('入孵申请 2 份，关注 1 个，消息 3 条');
    await deleteMyData(clients);
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url.pathname)).toEqual([
      '/api/notification/me',
      '/api/application-intake/me',
    ]);
  });

  it('stops the deletion when the first service refuses', async () => {
    const { clients, calls } = fakeApi(
      { 'DELETE /api/notification/me': () => problem(500, 'Internal') },
      'tok',
    );
    await expect(deleteMyData(clients)).rejects.toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });
});
