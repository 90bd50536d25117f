// A database from before the history and the carrier slot moved into the application: start-up
// folds them in and drops the legacy collections, and the rules hold on the folded data.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldLegacyHistory } from '../../src/data-access/legacy-collections.js';
import { NO_GRADUATION_FACTS } from '../../src/domain/incubation-clock.js';
import { completeInput } from '../fixtures/application-input.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';
import { createDraft } from '../support/lifecycle-driver.js';

const CARRIER = 'c-legacy';
const FOUNDER = 'wxu_legacy';
let h: IntakeHarness;

beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: CARRIER, version: 1 }, 'created');
  await h.carrierVersion(CARRIER, 1);
});
afterAll(async () => h?.stop());

describe('folding the legacy history and slots', () => {
  it('moves transitions into timelines and slots into openSlot, then drops both collections', async () => {
    const token = await h.founderToken(FOUNDER);
    const founderId = FOUNDER;
    const db = h.service.connection.db!;
    const { carrierId: _carrierId, ...content } = completeInput(CARRIER);
    const at = new Date('2026-11-01T02:00:00Z');
    const legacy = (id: string, status: string) => ({
      _id: id,
      founderId,
      carrierId: CARRIER,
      status,
      version: 2,
      content,
      precheck: { acceptable: true, companyAgeMonths: 12, flags: [] },
      submittedAt: at,
      interviewAt: null,
      scores: [],
      admittedOn: null,
      graduation: NO_GRADUATION_FACTS,
      anonymised: false,
      createdAt: at,
      updatedAt: at,
    });
    const open = '65f000000000000000000001';
    const untouchedDraft = '65f000000000000000000002';
    await db
      .collection('applications')
      .insertMany([
        legacy(open, 'submitted'),
        { ...legacy(untouchedDraft, 'draft'), submittedAt: null, version: 1 },
      ] as never);
    await db.collection('application_transitions').insertMany([
      {
        _id: 't2',
        applicationId: open,
        from: 'draft',
        to: 'submitted',
        actorId: founderId,
        actorRole: 'founder',
        at,
        comment: null,
      },
    ] as never);
    await db
      .collection('open_application_slots')
      .insertOne({ _id: `${founderId}|${CARRIER}`, applicationId: open } as never);

    await foldLegacyHistory(h.service.connection);
    await foldLegacyHistory(h.service.connection); // a second replica, or a restart: no change

    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).not.toContain('application_transitions');
    expect(names).not.toContain('open_application_slots');
    const view = await h.call('GET', `/applications/${open}`, { token });
    expect(view.status).toBe(200);
    expect(view.body.timeline).toEqual([
      expect.objectContaining({ from: 'draft', to: 'submitted', actorRole: 'founder' }),
    ]);
    const draft = await h.call('GET', `/applications/${untouchedDraft}`, { token });
    expect(draft.body.timeline).toEqual([]);

    // the folded slot still holds: another submission at the carrier is refused
    const another = await createDraft(h, token, CARRIER);
    const refused = await h.call('POST', `/applications/${another}/submit`, {
      token,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.existingApplicationId).toBe(open);
  });
});
