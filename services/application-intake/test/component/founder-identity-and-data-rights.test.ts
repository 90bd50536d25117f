import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';
import { castFor, createDraft, drive, type Cast } from '../support/lifecycle-driver.js';

const CARRIER = 'c-rights';
const PERSONAL = [
  '13912345678',
  'liming@example.com',
  '李明',
  '王芳',
  '91440300708461136T',
  'bp.pdf',
  '德州智视科技有限公司',
];
let h: IntakeHarness;

beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: CARRIER, version: 1 }, 'created');
  await h.carrierVersion(CARRIER, 1);
});
afterAll(async () => h?.stop());

describe('founder login', () => {
  it('issues a founder token through the development exchanger, stable per WeChat user', async () => {
    const first = await h.call('POST', '/auth/login', { body: { code: 'dev:zhang' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 7200,
      user: { roles: ['founder'] },
    });
    expect(first.body.user.id).toMatch(/^wxu_[0-9a-f]{16}$/);
    const again = await h.call('POST', '/auth/login', { body: { code: 'dev:zhang' } });
    expect(again.body.user.id).toBe(first.body.user.id);
    const other = await h.call('POST', '/auth/login', { body: { code: 'dev:wang' } });
    expect(other.body.user.id).not.toBe(first.body.user.id);
    // the token works on the API as a founder
    const list = await h.call('GET', '/applications', { token: first.body.token });
    expect(list.status).toBe(200);
  });

  it('answers a refused code with 401 problem+json', async () => {
    const refused = await h.call('POST', '/auth/login', {
      body: { code: '0a3Xk2100m9UqQ1bJq300vNrWd2Xk21s' },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('PIPL data rights', () => {
  let cast: Cast;
  let founderId: string;
  let open: string;
  let decided: string;

  beforeAll(async () => {
    const login = await h.call('POST', '/auth/login', { body: { code: 'dev:liming' } });
    founderId = login.body.user.id;
    cast = await castFor(h, founderId, CARRIER);
    cast.founder = login.body.token;
    decided = await createDraft(h, cast.founder, CARRIER);
    await drive(h, cast, decided, [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['info_requested', 'reviewer'],
    ]);
    await drive(h, cast, decided, [
      ['resubmitted', 'founder'],
      ['accepted', 'reviewer'],
    ]);
    const otherCarrier = 'c-rights-2';
    await h.publishCarrier({ carrierId: otherCarrier, version: 1 }, 'created');
    await h.carrierVersion(otherCarrier, 1);
    const otherCast = await castFor(h, founderId, otherCarrier);
    otherCast.founder = cast.founder;
    open = await createDraft(h, cast.founder, otherCarrier);
    await drive(h, otherCast, open, [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
    ]);
  });

  it('exports everything held about the founder', async () => {
    const exported = await h.call('GET', '/me/data-export', { token: cast.founder });
    expect(exported.status).toBe(200);
    expect(exported.body.userId).toBe(founderId);
    expect(exported.body.applications.map((a: { id: string }) => a.id).sort()).toEqual(
      [decided, open].sort(),
    );
    const first = exported.body.applications.find((a: { id: string }) => a.id === decided);
    expect(first.content.applicant).toEqual({
      name: '李明',
      mobile: '13912345678',
      email: 'liming@example.com',
    });
    expect(first.content.consent).toMatchObject({ accepted: true, at: '2026-11-20T02:25:00Z' });
    expect(first.timeline.map((t: { to: string }) => t.to)).toEqual([
      'submitted',
      'under_review',
      'info_requested',
      'resubmitted',
      'accepted',
    ]);
    // the export is the founder's own: no one else's applications
    expect(JSON.stringify(exported.body)).not.toContain('wxu_stranger');
  });

  it('deletes the account: open applications withdrawn, everything anonymised, no personal data left', async () => {
    const deleted = await h.call('DELETE', '/me', { token: cast.founder });
    expect(deleted.status).toBe(204);

    const staffView = await h.call('GET', `/applications/${decided}`, { token: cast.reviewer });
    expect(staffView.status).toBe(200);
    expect(staffView.body.status).toBe('accepted');
    expect(staffView.body.founderUserId).toBe(`erased:${decided}`);
    expect(staffView.body.content).not.toHaveProperty('applicant');
    expect(staffView.body.content.project.industry).toBe('智能制造');
    expect(staffView.body.timeline.find((t: { to: string }) => t.to === 'accepted').comment).toBe(
      '→ accepted',
    );

    const withdrawn = await h.waitForEmitted(
      (e) => e.subject === open && e.type === 'cn.shuangchuang.intake.application.withdrawn.v1',
    );
    expect(withdrawn.data).toMatchObject({ fromStatus: 'under_review', founderUserId: founderId });

    const db = h.service.connection;
    const stored = JSON.stringify([
      await db
        .collection('applications')
        .find({ _id: { $in: [decided, open] } as never })
        .toArray(),
      await db.collection('founders').find({}).toArray(),
      await db.collection('idempotent_requests').find({}).toArray(),
      await db.collection('founder_sessions').find({}).toArray(),
    ]);
    for (const personal of [...PERSONAL, founderId, 'dev-openid-liming'])
      expect(stored).not.toContain(personal);
    expect(JSON.stringify(h.rawEmitted)).not.toMatch(/13912345678|liming@example\.com|李明/);

    // the session's token is revoked (through the revocation event); a new login is a new account
    const revoked = await h.waitForRevoked(cast.founder);
    expect(revoked.data).toMatchObject({ reason: 'account-deleted' });
    expect(Object.keys(revoked.data).sort()).toEqual([
      'expiresAt',
      'reason',
      'revokedAt',
      'tokenId',
    ]);
    await expect
      .poll(async () => (await h.call('GET', '/me/data-export', { token: cast.founder })).status, {
        timeout: 15_000,
      })
      .toBe(401);
    const relogin = await h.call('POST', '/auth/login', { body: { code: 'dev:liming' } });
    expect(relogin.body.user.id).not.toBe(founderId);
  });
});
