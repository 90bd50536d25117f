import { describe, expect, it } from 'vitest';
import {
  CE_HEADERS,
  decodeEvent,
  encodeEvent,
  EnvelopeError,
  type CloudEvent,
} from '../src/index.js';

const event: CloudEvent<{ carrierId: string; level: string }> = {
  specversion: '1.0',
  id: '5f1c7a3e-0b7e-4c53-9a55-3f4f0f6f1a10',
  source: 'urn:shuangchuang:registry',
  type: 'cn.shuangchuang.registry.incubator.honor-awarded.v1',
  subject: 'carrier-42',
  time: '2026-11-23T03:00:00.000Z',
  datacontenttype: 'application/json',
  dataschema: 'https://schemas.shuangchuang.dev/registry/honor-awarded.v1.json',
  data: { carrierId: 'carrier-42', level: 'national' },
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  requestId: 'req-1',
};

describe('CloudEvents binary-mode envelope', () => {
  it('puts attributes in ce_* headers, data in the value and the subject in the key', () => {
    const encoded = encodeEvent(event);
    expect(encoded.key).toBe('carrier-42');
    expect(JSON.parse(encoded.value)).toEqual(event.data);
    expect(encoded.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: 'urn:shuangchuang:registry',
      ce_type: 'cn.shuangchuang.registry.incubator.honor-awarded.v1',
      ce_subject: 'carrier-42',
      ce_time: '2026-11-23T03:00:00.000Z',
      'content-type': 'application/json',
      ce_dataschema: event.dataschema,
      traceparent: event.traceparent,
      'x-request-id': 'req-1',
    });
  });

  it('decodes what it encodes, from Buffers as kafkajs delivers them', () => {
    const encoded = encodeEvent(event);
    const headers = Object.fromEntries(
      Object.entries(encoded.headers).map(([name, value]) => [name, Buffer.from(value)]),
    );
    const decoded = decodeEvent({
      key: Buffer.from(encoded.key),
      value: Buffer.from(encoded.value),
      headers,
    });
    expect(decoded).toEqual(event);
  });

  it('leaves optional attributes out when absent', () => {
    const { headers } = encodeEvent({
      ...event,
      dataschema: undefined,
      traceparent: undefined,
      requestId: undefined,
    });
    expect(Object.keys(headers)).not.toContain(CE_HEADERS.dataschema);
    expect(Object.keys(headers)).not.toContain(CE_HEADERS.traceparent);
    expect(Object.keys(headers)).not.toContain(CE_HEADERS.requestId);
  });

  it.each([
    ['a missing ce_id', { ce_id: undefined }, /missing header ce_id/],
    ['another spec version', { ce_specversion: '0.3' }, /unsupported ce_specversion/],
    ['a non-JSON content type', { 'content-type': 'text/plain' }, /unsupported content-type/],
  ])('rejects a message with %s', (_case, override, message) => {
    const encoded = encodeEvent(event);
    const headers: Record<string, string | undefined> = { ...encoded.headers, ...override };
    expect(() => decodeEvent({ key: encoded.key, value: encoded.value, headers })).toThrow(message);
  });

  it('rejects a value that is not JSON', () => {
    const encoded = encodeEvent(event);
    expect(() => decodeEvent({ ...encoded, value: '{not json' })).toThrow(EnvelopeError);
  });
});
