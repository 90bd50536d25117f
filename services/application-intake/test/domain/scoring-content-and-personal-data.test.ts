import { describe, expect, it } from 'vitest';
import {
  validateDraftContent,
  validateForSubmission,
} from '../../src/domain/application-content.js';
import { sampleContent } from '../fixtures/application-content.js';
import { DomainValidationError } from '../../src/domain/errors.js';
import { anonymiseApplication, ERASED } from '../../src/domain/personal-data.js';
import {
  averageTotal,
  DEFAULT_CRITERIA,
  scoreApplication,
  withScore,
} from '../../src/domain/review-scoring.js';

const at = new Date('2026-03-01T08:00:00Z');

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainValidationError) return error.errors.map((e) => e.path);
    throw error;
  }
  return [];
}

describe('application content', () => {
  it('accepts good content and normalises the mobile number', () => {
    expect(validateForSubmission(sampleContent()).applicant.mobile).toBe('13812345678');
  });

  it('names each bad field', () => {
    const content = sampleContent();
    content.applicant.mobile = '12345';
    content.applicant.email = 'not-an-email';
    content.consent.accepted = false;
    content.company!.creditCode = '91440300708461136U';
    content.project.summary = '长'.repeat(5001);
    content.attachments[0]!.url = 'http://insecure.example.cn/x';
    expect(fieldsOf(() => validateForSubmission(content)).sort()).toEqual(
      [
        'applicant.email',
        'applicant.mobile',
        'attachments.0.url',
        'company.creditCode',
        'consent.accepted',
        'project.summary',
      ].sort(),
    );
  });
});

describe('drafts', () => {
  it('checks only the sections present', () => {
    expect(validateDraftContent({ project: sampleContent().project })).toEqual({
      project: sampleContent().project,
    });
    expect(
      fieldsOf(() =>
        validateDraftContent({ applicant: { name: 'x', mobile: '123', email: 'a@b.cn' } }),
      ),
    ).toEqual(['applicant.mobile']);
  });

  it('names the sections missing to submit', () => {
    expect(fieldsOf(() => validateForSubmission({ project: sampleContent().project }))).toEqual([
      'applicant',
      'consent',
    ]);
  });

  it('fills absent optional sections when submitting', () => {
    const { team: _team, needs: _needs, attachments: _attachments, ...minimal } = sampleContent();
    expect(validateForSubmission(minimal)).toMatchObject({ team: [], needs: {}, attachments: [] });
  });
});

describe('review scoring', () => {
  it('computes a weighted total out of 100', () => {
    const score = scoreApplication(
      DEFAULT_CRITERIA,
      { innovation: 10, team: 5, market: 5, fit: 0 },
      'r-1',
      at,
      '不错',
    );
    // (10/10·30 + 5/10·25 + 5/10·25 + 0) / 100
    expect(score.total).toBe(55);
    expect(score).toMatchObject({ reviewerId: 'r-1', comment: '不错', at });
  });

  it('names missing, unknown and out-of-range scores', () => {
    expect(
      fieldsOf(() =>
        scoreApplication(
          DEFAULT_CRITERIA,
          { innovation: 11, team: -1, market: 3, luck: 5 },
          'r',
          at,
        ),
      ).sort(),
    ).toEqual(['scores.fit', 'scores.innovation', 'scores.luck', 'scores.team']);
  });

  it('keeps one score per reviewer and averages', () => {
    const full = { innovation: 10, team: 10, market: 10, fit: 10 };
    const half = { innovation: 5, team: 5, market: 5, fit: 5 };
    let scores = withScore([], scoreApplication(DEFAULT_CRITERIA, half, 'r-1', at));
    scores = withScore(scores, scoreApplication(DEFAULT_CRITERIA, full, 'r-2', at));
    scores = withScore(scores, scoreApplication(DEFAULT_CRITERIA, full, 'r-1', at));
    expect(scores).toHaveLength(2);
    expect(averageTotal(scores)).toBe(100);
    expect(averageTotal([])).toBeNull();
  });
});

describe('anonymisation on account deletion', () => {
  it('removes everything identifying, keeps facts and staff comments', () => {
    const application = {
      founderId: 'f-1',
      status: 'rejected',
      content: sampleContent(),
      timeline: [
        {
          from: 'draft',
          to: 'submitted',
          actorId: 'f-1',
          actorRole: 'founder',
          at,
          comment: '我的电话 13812345678',
        },
        {
          from: 'submitted',
          to: 'rejected',
          actorId: 'r-1',
          actorRole: 'reviewer',
          at,
          comment: '方向不符',
        },
      ],
    } as const;
    const erased = anonymiseApplication(
      structuredClone(application) as never,
      'app-1',
    ) as typeof application;
    const text = JSON.stringify(erased);
    for (const personal of [
      '李伟',
      '13812345678',
      'liwei@example.cn',
      '王芳',
      '91440300708461136T',
      'bp.pdf',
      '"f-1"',
    ]) {
      expect(text).not.toContain(personal);
    }
    expect(erased.founderId).toBe('erased:app-1');
    expect(erased.timeline[0]).toMatchObject({ actorId: 'erased:app-1', comment: ERASED });
    expect(erased.timeline[1]!.comment).toBe('方向不符');
    expect(erased.content.project.industry).toBe('智能制造');
    expect(erased.content).not.toHaveProperty('applicant');
    expect(erased.content).not.toHaveProperty('attachments');
    expect(erased.status).toBe('rejected');
  });
});
