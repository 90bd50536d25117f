import { describe, expect, it } from 'vitest';
import { applicationStatusNotice } from '../../src/domain/templates.js';

describe('application status templates', () => {
  it('tells an accepted founder what happens next and how to reach the carrier', () => {
    const notice = applicationStatusNotice({
      applicationId: 'app-1',
      carrierName: '启迪之星（德州）',
      toStatus: 'accepted',
    });
    expect(notice.title).toBe('入孵申请已通过');
    expect(notice.body).toContain('已通过审核');
    expect(notice.body).toContain('下一步');
    expect(notice.body).toContain('签订入孵协议');
    expect(notice.body).toContain('营业执照');
    expect(notice.body).toContain('拨打 启迪之星（德州） 的电话');
    // the link opens the application page, where the contact card is
    expect(notice.link).toEqual({ page: 'application', id: 'app-1' });
    expect(notice.body.length).toBeLessThanOrEqual(2000);
  });

  it('points a rejected founder to the review comment and to other carriers', () => {
    const notice = applicationStatusNotice({
      applicationId: 'app-2',
      carrierName: undefined,
      toStatus: 'rejected',
    });
    expect(notice.body).toContain('所申请的载体');
    expect(notice.body).toContain('审核意见');
    expect(notice.body).toContain('其他正在接受申请的载体');
  });
});
