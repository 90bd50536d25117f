// A partition's batch of application events is told with a fixed number of database commands,
// however many events and recipients it holds (#19): one read of the carriers, one of the
// reviewers, one of the inbox's dedupe keys, one of the preferences, one insert of the inbox
// messages and one of the deliveries. Counted by the driver's command monitoring.
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startNotificationHarness,
  type NotificationHarness,
} from '../support/notification-harness.js';

const CARRIER = 'c-dezhou';
const EVENTS = 20;
let h: NotificationHarness;
const commands: string[] = [];

beforeAll(async () => {
  h = await startNotificationHarness({ monitorCommands: true });
  await h.carrier(CARRIER, 1);
  const reviewer = await h.staffToken('reviewer-batch', ['reviewer'], [CARRIER]);
  await h.call('PUT', '/reviewer-registration', { token: reviewer });
  h.service.connection.getClient().on('commandStarted', ({ commandName, command }) => {
    const collection = (command as Record<string, unknown>)[commandName];
    commands.push(typeof collection === 'string' ? `${commandName} ${collection}` : commandName);
  });
});
afterAll(async () => h?.stop());

it('twenty submissions in one batch: one insert of all inbox messages, one read of all preferences', async () => {
  commands.length = 0;
  const ids = await h.publishBatch(
    Array.from({ length: EVENTS }, (_, n) => ({
      type: 'cn.shuangchuang.intake.application.submitted.v1',
      key: 'one-partition', // one key: one partition, one fetched batch
      data: {
        applicationId: `app-batch-${n}`,
        carrierId: CARRIER,
        founderUserId: `founder-batch-${n}`,
        status: 'submitted',
        submittedAt: '2026-11-23T02:00:00Z',
      },
    })),
  );
  for (const id of ids) await h.handled('notification.intake-events', id);

  const count = (name: string) => commands.filter((command) => command === name).length;
  const transactions = count('find processed_events'); // the backbone reads the handled ids once per transaction
  expect(transactions).toBeGreaterThanOrEqual(1);
  expect(transactions).toBeLessThanOrEqual(2);
  expect(count('insert inbox')).toBe(transactions);
  expect(count('find inbox')).toBe(transactions); // the dedupe keys
  expect(count('find preferences')).toBe(transactions);
  expect(count('insert deliveries')).toBe(transactions);
  expect(count('find carriers')).toBe(transactions);
  expect(count('find carrier_reviewers')).toBe(transactions);

  const inbox = h.service.connection.collection('inbox');
  expect(await inbox.countDocuments({ 'link.id': { $regex: '^app-batch-' } })).toBe(2 * EVENTS);
  expect(await inbox.countDocuments({ userId: 'reviewer-batch' })).toBe(EVENTS);
  // in the events' order: the reviewer's newest message is the last submission's
  const reviewerNewest = await inbox
    .find({ userId: 'reviewer-batch' })
    .sort({ _id: -1 })
    .limit(1)
    .next();
  expect(reviewerNewest!.link).toEqual({ page: 'application', id: `app-batch-${EVENTS - 1}` });
});
