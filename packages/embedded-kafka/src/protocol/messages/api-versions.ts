import { supportedVersions } from '../api-keys.js';
import type { Writer } from '../writer.js';

/**
 * ApiVersions response. Requests of a newer (flexible) version get a v0-format body with
 * UNSUPPORTED_VERSION, which is what makes librdkafka retry with v0.
 */
export function encodeApiVersionsResponse(w: Writer, version: number, errorCode: number): void {
  w.int16(errorCode);
  w.array([...supportedVersions], (w, [apiKey, range]) => {
    w.int16(apiKey).int16(range.min).int16(range.max);
  });
  if (version >= 1) w.int32(0); // throttle time
}
