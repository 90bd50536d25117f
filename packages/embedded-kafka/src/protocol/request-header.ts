import { Reader } from './reader.js';

/** Request header v1 (all non-flexible versions): key, version, correlation id, client id. */
export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export function decodeRequestHeader(r: Reader): RequestHeader {
  return {
    apiKey: r.int16(),
    apiVersion: r.int16(),
    correlationId: r.int32(),
    clientId: r.nullableString(),
  };
}
