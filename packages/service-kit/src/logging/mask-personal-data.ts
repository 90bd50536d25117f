// Personal data never reaches a log line: the patterns below run over every serialised
// line, so they catch it in messages, fields, bodies and URLs alike.

// Alphanumeric look-arounds keep ids and hashes (e.g. hex in a UUID) from being mistaken for numbers.
const CHINA_MOBILE = /(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d)\d{16}([\dXx])(?![0-9A-Za-z])/g;
// `%40` is an @ inside a URL query string.
const EMAIL =
  /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@|%40)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(RESIDENT_ID, '$1****************$2')
    .replace(CHINA_MOBILE, '$1****$2')
    .replace(EMAIL, '$1***$2$3');
}
