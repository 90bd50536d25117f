import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** DescribeConfigs (32), AlterConfigs (33) and IncrementalAlterConfigs (44) codecs. */

export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** IncrementalAlterConfigs operations. */
export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

/** DescribeConfigs config sources (v1+). */
export const ConfigSource = {
  TOPIC_CONFIG: 1,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

export interface DescribeConfigsRequest {
  resources: { type: number; name: string; keys: string[] | null }[];
}

export function decodeDescribeConfigsRequest(r: Reader, version: number): DescribeConfigsRequest {
  const resources = r.array((r) => ({
    type: r.int8(),
    name: r.string(),
    keys: r.nullableArray((r) => r.string()),
  }));
  if (version >= 1) r.boolean(); // include synonyms: none are served
  if (version >= 3) r.boolean(); // include documentation: none is served
  return { resources };
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  type: number;
  name: string;
  configs: DescribedConfig[];
}

export function encodeDescribeConfigsResponse(
  w: Writer,
  version: number,
  results: DescribeConfigsResult[],
): void {
  w.int32(0); // throttle time
  w.array(results, (w, res) => {
    w.int16(res.errorCode).nullableString(res.errorMessage).int8(res.type).string(res.name);
    w.array(res.configs, (w, c) => {
      w.string(c.name).nullableString(c.value).boolean(c.readOnly);
      if (version === 0) w.boolean(c.source === ConfigSource.DEFAULT_CONFIG);
      else w.int8(c.source);
      w.boolean(false); // sensitive
      if (version >= 1) w.array([], () => {}); // synonyms
      if (version >= 3) w.int8(0).nullableString(null); // type unknown, no documentation
    });
  });
}

export interface AlterConfigsRequest {
  resources: {
    type: number;
    name: string;
    configs: { name: string; operation: number; value: string | null }[];
  }[];
  validateOnly: boolean;
}

/** AlterConfigs (incremental = false) sets whole config sets; IncrementalAlterConfigs names an operation per key. */
export function decodeAlterConfigsRequest(r: Reader, incremental: boolean): AlterConfigsRequest {
  const resources = r.array((r) => ({
    type: r.int8(),
    name: r.string(),
    configs: r.array((r) => ({
      name: r.string(),
      operation: incremental ? r.int8() : ConfigOperation.SET,
      value: r.nullableString(),
    })),
  }));
  return { resources, validateOnly: r.boolean() };
}

export function encodeAlterConfigsResponse(
  w: Writer,
  results: { errorCode: number; errorMessage: string | null; type: number; name: string }[],
): void {
  w.int32(0); // throttle time
  w.array(results, (w, res) => {
    w.int16(res.errorCode).nullableString(res.errorMessage).int8(res.type).string(res.name);
  });
}
