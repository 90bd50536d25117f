import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeInput } from '../fixtures/application-input.js';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';

let h: IntakeHarness;
beforeAll(async () => {
  h = await startIntakeHarness();
  await h.publishCarrier({ carrierId: 'c-dezhou', version: 1 }, 'created');
  await h.carrierVersion('c-dezhou', 1);
});
afterAll(async () => h?.stop());

it('logs in, drafts, submits', async () => {
  const login = await h.call('POST', '/auth/login', { body: { code: 'dev:alice' } });
  expect(login.status).toBe(200);
  const token = login.body.token;
  const created = await h.call('POST', '/applications', {
    token,
    body: completeInput('c-dezhou'),
    headers: { 'idempotency-key': 'key-00000001' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await h.call('POST', `/applications/${created.body.id}/submit`, {
    token,
    headers: { 'idempotency-key': 'key-00000002' },
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  expect(submitted.body.status).toBe('submitted');
  const event = await h.waitForEmitted((e) => e.type.endsWith('submitted.v1'));
  expect(event.data.applicationId).toBe(created.body.id);
});
