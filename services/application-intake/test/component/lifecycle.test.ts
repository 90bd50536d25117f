import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castFor, createDraft, drive, move, type Who } from '../support/lifecycle-driver.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';

const CARRIER = 'c-lifecycle';
let h: IntakeHarness;
let founderCount = 0;
const nextFounder = () => `wxu_lifecycle_${++founderCount}`;

beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: CARRIER, version: 1, name: '启迪之星（德州）' }, 'created');
  await h.carrierVersion(CARRIER, 1);
});
afterAll(async () => h?.stop());

async function fresh() {
  const cast = await castFor(h, nextFounder(), CARRIER);
  const id = await createDraft(h, cast.founder, CARRIER);
  return { cast, id };
}

describe('every legal transition through the API', () => {
  it('walks the long road to graduation, recording actor, time and comment at each step', async () => {
    const { cast, id } = await fresh();
    const moves: [string, Who][] = [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['info_requested', 'reviewer'],
      ['resubmitted', 'founder'],
      ['under_review', 'reviewer'],
      ['interview_scheduled', 'reviewer'],
      ['info_requested', 'admin'],
      ['resubmitted', 'founder'],
      ['interview_scheduled', 'admin'],
      ['accepted', 'admin'],
      ['admitted', 'admin'],
      ['graduated', 'admin'],
    ];
    const last = await drive(h, cast, id, moves);
    const timeline = last.body.timeline as {
      from: string;
      to: string;
      actorRole: string;
      actorId: string;
      at: string;
      comment: string | null;
    }[];
    expect(timeline.map((t) => t.to)).toEqual(moves.map(([to]) => to));
    expect(timeline[0]).toMatchObject({
      from: 'draft',
      to: 'submitted',
      actorRole: 'founder',
      actorId: 'wxu_lifecycle_1',
      comment: null,
    });
    expect(timeline[1]).toMatchObject({
      from: 'submitted',
      actorRole: 'reviewer',
      actorId: `reviewer-of-${CARRIER}`,
      comment: '→ under_review',
    });
    expect(timeline.at(-1)).toMatchObject({
      from: 'admitted',
      to: 'graduated',
      actorRole: 'intake-admin',
    });
    for (const t of timeline) expect(Number.isNaN(Date.parse(t.at))).toBe(false);
    expect(last.body.nextStatuses).toEqual([]);
    expect(last.headers.get('etag')).toBe(`"${moves.length + 1}"`);
  });

  it.each([
    [
      'under_review → accepted',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['accepted', 'reviewer'],
      ],
    ],
    [
      'resubmitted → accepted',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['info_requested', 'reviewer'],
        ['resubmitted', 'founder'],
        ['accepted', 'reviewer'],
      ],
    ],
    [
      'under_review → rejected',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['rejected', 'reviewer'],
      ],
    ],
    [
      'resubmitted → rejected',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['info_requested', 'reviewer'],
        ['resubmitted', 'founder'],
        ['rejected', 'admin'],
      ],
    ],
    [
      'interview_scheduled → rejected',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['interview_scheduled', 'reviewer'],
        ['rejected', 'reviewer'],
      ],
    ],
    ['draft → withdrawn', [['withdrawn', 'founder']]],
    [
      'submitted → withdrawn',
      [
        ['submitted', 'founder'],
        ['withdrawn', 'founder'],
      ],
    ],
    [
      'under_review → withdrawn',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['withdrawn', 'founder'],
      ],
    ],
    [
      'info_requested → withdrawn',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['info_requested', 'reviewer'],
        ['withdrawn', 'founder'],
      ],
    ],
    [
      'resubmitted → withdrawn',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['info_requested', 'reviewer'],
        ['resubmitted', 'founder'],
        ['withdrawn', 'founder'],
      ],
    ],
    [
      'interview_scheduled → withdrawn',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['interview_scheduled', 'reviewer'],
        ['withdrawn', 'founder'],
      ],
    ],
  ] as [string, [string, Who][]][])('%s', async (_name, moves) => {
    const { cast, id } = await fresh();
    await drive(h, cast, id, moves);
  });
});

describe('illegal transitions are 409 problem+json and change nothing', () => {
  it.each([
    ['accepting a submitted application', [['submitted', 'founder']], 'accepted', 'reviewer'],
    ['reviewing a draft', [], 'under_review', 'reviewer'],
    [
      'reopening a graduated company',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['accepted', 'reviewer'],
        ['admitted', 'admin'],
        ['graduated', 'admin'],
      ],
      'under_review',
      'admin',
    ],
    [
      'withdrawing after rejection',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['rejected', 'reviewer'],
      ],
      'withdrawn',
      'founder',
    ],
    [
      'withdrawing after acceptance',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
        ['accepted', 'reviewer'],
      ],
      'withdrawn',
      'founder',
    ],
    [
      'resubmitting without an information request',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
      ],
      'resubmitted',
      'founder',
    ],
    ['submitting twice', [['submitted', 'founder']], 'submitted', 'founder'],
    [
      'admitting before acceptance',
      [
        ['submitted', 'founder'],
        ['under_review', 'reviewer'],
      ],
      'admitted',
      'admin',
    ],
  ] as [string, [string, Who][], string, Who][])('%s', async (_name, before, to, who) => {
    const { cast, id } = await fresh();
    if (before.length) await drive(h, cast, id, before);
    const prior = await h.call('GET', `/applications/${id}`, { token: cast.admin });
    const refused = await move(h, cast, id, to, who);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.type).toBe('https://errors.shuangchuang.dev/conflict');
    const after = await h.call('GET', `/applications/${id}`, { token: cast.admin });
    expect(after.body.version).toBe(prior.body.version);
    expect(after.body.timeline).toEqual(prior.body.timeline);
  });

  it('keeps admission to intake admins (403 for a reviewer)', async () => {
    const { cast, id } = await fresh();
    await drive(h, cast, id, [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['accepted', 'reviewer'],
    ]);
    const refused = await move(h, cast, id, 'admitted', 'reviewer');
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('https://errors.shuangchuang.dev/forbidden');
  });

  it('refuses a stale If-Match with 412', async () => {
    const { cast, id } = await fresh();
    await drive(h, cast, id, [['submitted', 'founder']]);
    const stale = await h.call('POST', `/applications/${id}/transitions`, {
      token: cast.reviewer,
      body: { to: 'under_review' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const current = await h.call('POST', `/applications/${id}/transitions`, {
      token: cast.reviewer,
      body: { to: 'under_review' },
      headers: { 'if-match': '"2"' },
    });
    expect(current.status).toBe(200);
  });
});

describe('scoring, admission and graduation watch', () => {
  it('scores against the carrier criteria, hides scores from the founder, and lists qualifying companies', async () => {
    const { cast, id } = await fresh();
    await drive(h, cast, id, [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
    ]);
    const scored = await h.call('POST', `/applications/${id}/scores`, {
      token: cast.reviewer,
      body: { scores: { innovation: 8, team: 7, market: 8, fit: 9 }, comment: '技术扎实' },
    });
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    expect(scored.body.scores).toEqual([
      expect.objectContaining({
        reviewerId: `reviewer-of-${CARRIER}`,
        total: 79.5,
        comment: '技术扎实',
      }),
    ]);
    const badScore = await h.call('POST', `/applications/${id}/scores`, {
      token: cast.reviewer,
      body: { scores: { innovation: 11 } },
    });
    expect(badScore.status).toBe(400);
    expect(badScore.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'scores.fit',
      'scores.innovation',
      'scores.market',
      'scores.team',
    ]);
    const founderView = await h.call('GET', `/applications/${id}`, { token: cast.founder });
    expect(founderView.body.scores).toEqual([]);

    await drive(h, cast, id, [
      ['accepted', 'reviewer'],
      ['admitted', 'admin'],
    ]);
    const facts = await h.call('PUT', `/applications/${id}/graduation-facts`, {
      token: cast.admin,
      body: {
        highTechEnterprise: false,
        cumulativeFundingYuan: 6_000_000,
        revenueByYear: {},
        acquiredOrListed: false,
      },
    });
    expect(facts.status, JSON.stringify(facts.body)).toBe(200);
    expect(facts.body.incubation).toMatchObject({
      monthsElapsed: 0,
      monthsRemaining: 48,
      conditionsMet: ['funding-over-threshold'],
    });
    const list = await h.call('GET', `/carriers/${CARRIER}/incubation-watch-list`, {
      token: cast.reviewer,
    });
    expect(list.status).toBe(200);
    expect(list.body.qualifying).toEqual([
      {
        applicationId: id,
        projectName: '工业视觉质检平台',
        conditions: ['funding-over-threshold'],
      },
    ]);
  });
});

describe('events of the lifecycle', () => {
  it('emits submitted, status-changed and withdrawn through the outbox, keyed by application', async () => {
    const { cast, id } = await fresh();
    await drive(h, cast, id, [
      ['submitted', 'founder'],
      ['under_review', 'reviewer'],
      ['withdrawn', 'founder'],
    ]);
    const submitted = await h.waitForEmitted(
      (e) => e.subject === id && e.type === 'cn.shuangchuang.intake.application.submitted.v1',
    );
    expect(submitted.data).toMatchObject({
      applicationId: id,
      carrierId: CARRIER,
      status: 'submitted',
      projectIndustry: '智能制造',
    });
    const changed = await h.waitForEmitted(
      (e) => e.subject === id && e.type === 'cn.shuangchuang.intake.application.status-changed.v1',
    );
    expect(changed.data).toMatchObject({
      fromStatus: 'submitted',
      toStatus: 'under_review',
      actorRole: 'reviewer',
    });
    const withdrawn = await h.waitForEmitted(
      (e) => e.subject === id && e.type === 'cn.shuangchuang.intake.application.withdrawn.v1',
    );
    expect(withdrawn.data).toMatchObject({
      fromStatus: 'under_review',
      founderUserId: changed.data.founderUserId,
    });
    const raw = h.rawEmitted.filter((m) => m.key === id);
    expect(raw).toHaveLength(3);
  });

  it('never carries personal data on the bus', async () => {
    await h.waitForEmitted((e) => e.data.toStatus === 'graduated');
    expect(h.rawEmitted.length).toBeGreaterThan(20);
    const everything = JSON.stringify(h.rawEmitted);
    for (const personal of [
      '13912345678',
      'liming@example.com',
      '李明',
      '王芳',
      '91440300708461136T',
      'bp.pdf',
      '德州智视科技有限公司',
    ]) {
      expect(everything).not.toContain(personal);
    }
  });
});
