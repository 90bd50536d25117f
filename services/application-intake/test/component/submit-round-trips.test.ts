// A submit's database commands, counted by the driver's command monitoring, so that a change
// adding round trips shows here (#19 asks for at most 4). The Idempotency-Key, the history and
// the carrier slot are kept in the application, so one transaction reads the application with
// its carrier and any application holding the key, writes the application once and the outbox
// entry once, and commits; the answer is built from what it read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntakeHarness, type IntakeHarness } from '../support/intake-harness.js';
import { createDraft } from '../support/lifecycle-driver.js';

const CARRIER = 'c-round-trips';
let h: IntakeHarness;
const seen: { name: string; collection?: string; inTransaction: boolean }[] = [];

beforeAll(async () => {
  h = await startIntakeHarness({ monitorCommands: true });
  h.service.connection.getClient().on('commandStarted', ({ commandName, command }) => {
    const collection = command[commandName];
    seen.push({
      name: commandName,
      ...(typeof collection === 'string' && { collection }),
      inTransaction: command.txnNumber !== undefined,
    });
  });
  await h.publishCarrier({ carrierId: CARRIER, version: 1 }, 'created');
  await h.carrierVersion(CARRIER, 1);
});
afterAll(async () => h?.stop());

/**
 * The commands a request made. The outbox relay, the consumers and the poll of revoked tokens
 * share the connection: their own reads and marks (outside any transaction, on their own
 * collections) are not the request's; the outbox entry the request writes is, inside its
 * transaction.
 */
function requestCommands(from: number) {
  return seen
    .slice(from)
    .filter(
      (c) =>
        c.inTransaction ||
        !(
          c.collection === undefined ||
          /^(outbox|processed|relay|consumer|revoked_tokens)/.test(c.collection)
        ),
    )
    .map((c) => (c.collection ? `${c.name} ${c.collection}` : c.name));
}

describe('database commands of a submit', () => {
  it('is one transaction: one read, one update, the outbox entry, the commit', async () => {
    const token = await h.founderToken('wxu_round_trips');
    const id = await createDraft(h, token, CARRIER);
    const before = seen.length;
    const key = randomUUID();
    const submitted = await h.call('POST', `/applications/${id}/submit`, {
      token,
      headers: { 'idempotency-key': key },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', carrierName: '启迪之星（德州）' });
    expect(submitted.body.timeline).toHaveLength(1);
    expect(requestCommands(before)).toEqual([
      'aggregate applications',
      'update applications',
      'insert outbox_events',
      'commitTransaction',
    ]);
    // a retry finds the key on the application: the same answer, and nothing written
    const replayFrom = seen.length;
    const replayed = await h.call('POST', `/applications/${id}/submit`, {
      token,
      headers: { 'idempotency-key': key },
    });
    expect(replayed.body).toEqual(submitted.body);
    expect(requestCommands(replayFrom).filter((c) => /^(insert|update|delete)/.test(c))).toEqual(
      [],
    );
  });
});
