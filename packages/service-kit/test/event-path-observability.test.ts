// Two services joined by the event path, both started with startService: the issuing one answers a
// staff POST and records `voucher.issued` in its outbox; the ledger (another database, its own
// consumer group) writes an entry from the event. One trace runs from the caller's traceparent to
// the ledger's write, and /metrics of both says what the event path did.
import { spanExporter, tracing } from './fixtures/in-memory-tracing.js'; // first: before mongoose
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startInfrastructure,
  startVouchers,
  type VoucherServer,
} from './fixtures/running-vouchers.js';
import { LEDGER_GROUP, VOUCHER_ISSUED, VOUCHER_TOPIC } from './fixtures/voucher-events.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const CALLER_TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

let infrastructure: Awaited<ReturnType<typeof startInfrastructure>>;
let issuing: VoucherServer;
let ledger: VoucherServer;
let admin: string;

beforeAll(async () => {
  infrastructure = await startInfrastructure();
  const { config } = infrastructure;
  issuing = await startVouchers(
    { ...config, MONGO_DB_NAME: 'vouchers-issuing' },
    { emitsEvents: true },
  );
  ledger = await startVouchers(
    { ...config, MONGO_DB_NAME: 'vouchers-ledger' },
    { keepsLedger: true },
  );
  admin = await issuing.token(['voucher-admin']);
});

afterAll(async () => {
  await issuing?.stop();
  await ledger?.stop();
  await infrastructure?.stop();
});

const issue = (key: string, headers: Record<string, string> = {}) =>
  issuing.call('POST', '/vouchers', {
    token: admin,
    body: { holder: '张三', service: 'testing', amountYuan: 5000 },
    headers: { 'idempotency-key': key, ...headers },
  });

const ledgerEntries = () => ledger.service.connection.collection('ledger_entries');

function spansOf(traceId: string): ReadableSpan[] {
  return spanExporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing across the event path', () => {
  it('one trace from the staff POST to the ledger service’s write, through the outbox and Kafka', async () => {
    expect(tracing.enabled).toBe(true);
    expect(tracing.databaseSpans).toBe(true);
    const response = await issue('trace-1', { traceparent: CALLER_TRACEPARENT });
    expect(response.status).toBe(201);
    const voucherId = response.body.id as string;

    await vi.waitFor(
      async () => {
        expect(await ledgerEntries().findOne({ _id: voucherId as never })).not.toBeNull();
        // The process span ends once the ledger's transaction has committed.
        expect(spansOf(CALLER_TRACE).some((span) => span.kind === SpanKind.CONSUMER)).toBe(true);
      },
      { timeout: 20_000, interval: 100 },
    );
    const spans = spansOf(CALLER_TRACE);
    const named = (kind: SpanKind, name: string) => {
      const found = spans.filter((span) => span.kind === kind && span.name === name);
      expect(found, `${SpanKind[kind]} ${name} in ${spans.map((s) => s.name)}`).toHaveLength(1);
      return found[0]!;
    };

    // The issuing service: its server span continues the caller's trace …
    const server = named(SpanKind.SERVER, 'POST /api/vouchers/vouchers');
    expect(parentOf(server)).toBe(CALLER_SPAN);
    expect(server.attributes['http.response.status_code']).toBe(201);
    // … the voucher and the outbox entry are written inside it, the entry in the create span …
    const voucherInsert = named(SpanKind.CLIENT, 'insert vouchers');
    expect(parentOf(voucherInsert)).toBe(server.spanContext().spanId);
    const create = named(SpanKind.PRODUCER, `create ${VOUCHER_TOPIC}`);
    expect(parentOf(create)).toBe(server.spanContext().spanId);
    const outboxInsert = named(SpanKind.CLIENT, 'insert outbox_events');
    expect(parentOf(outboxInsert)).toBe(create.spanContext().spanId);

    // … whose context the entry keeps and the Kafka message carries.
    const entry = await issuing.service.connection
      .collection('outbox_events')
      .findOne({ type: VOUCHER_ISSUED });
    expect(entry?.headers.traceparent).toBe(`00-${CALLER_TRACE}-${create.spanContext().spanId}-01`);
    expect(entry?.headers['x-request-id']).toEqual(expect.any(String));

    // The ledger service: its process span is the create span's child, its write the process span's.
    const processSpan = named(SpanKind.CONSUMER, `process ${VOUCHER_TOPIC}`);
    expect(parentOf(processSpan)).toBe(create.spanContext().spanId);
    expect(processSpan.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.consumer.group.name': LEDGER_GROUP,
      'cloudevents.event_type': VOUCHER_ISSUED,
      'cloudevents.event_subject': voucherId,
    });
    const ledgerInsert = named(SpanKind.CLIENT, 'insert ledger_entries');
    expect(parentOf(ledgerInsert)).toBe(processSpan.spanContext().spanId);
    expect(ledgerInsert.attributes['db.namespace']).toBe('vouchers-ledger');

    // The request's log line carries the trace.
    const completed = issuing.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'request completed' && line.trace_id === CALLER_TRACE);
    expect(completed?.span_id).toBe(server.spanContext().spanId);
  });

  it('a request without a traceparent starts a trace of its own, which its event continues', async () => {
    const response = await issue('trace-2');
    expect(response.status).toBe(201);
    const voucherId = response.body.id as string;
    const entry = await issuing.service.connection
      .collection('outbox_events')
      .findOne({ _id: (await eventIdOf(voucherId)) as never });
    const traceId = (entry?.headers.traceparent as string).split('-')[1]!;
    expect(traceId).not.toBe(CALLER_TRACE);
    await vi.waitFor(
      () => expect(spansOf(traceId).map((span) => span.name)).toContain(`process ${VOUCHER_TOPIC}`),
      { timeout: 20_000, interval: 100 },
    );
    const root = spansOf(traceId).find((span) => !span.parentSpanContext);
    expect(root?.name).toBe('POST /api/vouchers/vouchers');
  });
});

describe('metrics and readiness after the journey', () => {
  it('each service’s /metrics has the event path’s series with what happened', async () => {
    // A retry of the first request under its key: answered from the stored answer.
    expect((await issue('trace-1', {})).status).toBe(201);

    const issued = await vi.waitFor(
      async () => {
        const text = await scrape(issuing);
        expect(valueOf(text, 'outbox_published_total', {})).toBe(2);
        return text;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(valueOf(issued, 'outbox_publish_failures_total', {})).toBe(0);
    expect(valueOf(issued, 'outbox_pending_events', {})).toBe(0);
    expect(valueOf(issued, 'outbox_oldest_pending_age_seconds', {})).toBe(0);
    expect(valueOf(issued, 'idempotency_replays_total', {})).toBe(1);
    expect(
      valueOf(issued, 'http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/vouchers/vouchers',
        status_code: '201',
      }),
    ).toBe(3);

    const kept = await scrape(ledger);
    const handledCount = { group: LEDGER_GROUP, type: VOUCHER_ISSUED, outcome: 'handled' };
    expect(valueOf(kept, 'event_handler_duration_seconds_count', handledCount)).toBe(2);
    expect(valueOf(kept, 'event_handler_duration_seconds_sum', handledCount)).toBeGreaterThan(0);
    const lags = samplesOf(kept, 'consumer_lag', { group: LEDGER_GROUP, topic: VOUCHER_TOPIC });
    expect(lags.length).toBeGreaterThan(0);
    expect(lags.every((lag) => lag === 0)).toBe(true);
    expect(samplesOf(kept, 'dead_lettered_events_total', {})).toEqual([]);
    expect(valueOf(kept, 'outbox_pending_events', {})).toBe(0);

    for (const service of [issuing, ledger]) {
      const ready = await fetch(`${service.service.url}/readyz`);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { mongo: 'up', kafka: 'up' },
      });
    }
  });
});

async function scrape(server: VoucherServer): Promise<string> {
  const response = await fetch(`${server.service.url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The values of a metric's samples that carry the given labels (and `service="vouchers"`). */
function samplesOf(text: string, name: string, labels: Record<string, string>): number[] {
  const wanted = Object.entries({ ...labels, service: 'vouchers' }).map(
    ([label, value]) => `${label}="${value}"`,
  );
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .filter((line) => {
      const inner = line.slice(name.length + 1, line.lastIndexOf('}'));
      return wanted.every((pair) => inner.split(',').includes(pair));
    })
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

function valueOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  const values = samplesOf(text, name, labels);
  expect(values.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return values[0];
}

async function eventIdOf(voucherId: string): Promise<string> {
  const entry = await issuing.service.connection
    .collection('outbox_events')
    .findOne({ key: voucherId });
  return entry!._id as unknown as string;
}
