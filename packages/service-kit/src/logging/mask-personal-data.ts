// Personal data never reaches a log line: the patterns below run over every serialised line, so
// they catch it in messages, fields, bodies and URLs alike. They run over the line as a reader
// would see it: percent-escapes decoded (repeatedly, for double-encoded query strings) and every
// character NFKC-normalised (full-width ０-９, ＠, ＋, －, ideographic space), each normalised
// character remembering the span of the original it came from, so a match masks the original
// characters whatever their spelling.

// A phone number is masked wherever its digits stand, even between letters (`tel13812345678x`);
// only longer digit runs (timestamps, offsets) are not phone numbers.
const CHINA_MOBILE = /(?<!\d)(?:\+?86[-\s+]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g;
// 居民身份证号码 (GB 11643-1999): region, birth date, sequence, check character.
const RESIDENT_ID =
  /(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/g;
// 统一社会信用代码 (GB 32100-2015): 18 characters of a 31-character alphabet, 3–8 digits. Upper case
// codes are found next to lower case letters (`uscc91350100M000100Y43`); lower case ones only as a
// token of their own, so a run inside a hex id or hash is not taken for one.
const CREDIT_CODE_UPPER =
  /(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])/g;
const CREDIT_CODE_ANY_CASE =
  /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/gi;
const EMAIL =
  /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

interface Masker {
  pattern: RegExp;
  /** a cheap test a line must pass for the pattern to be worth running */
  worthTrying(text: string): boolean;
  /** the masked form, or undefined when the match is not what the pattern looks for */
  mask(match: RegExpExecArray): string | undefined;
}

const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Its check character holds (so an 18-digit count is not taken for a code). */
function isCreditCode(candidate: string): boolean {
  const code = candidate.toUpperCase();
  let sum = 0;
  for (let i = 0; i < 17; i++)
    sum += CREDIT_CODE_ALPHABET.indexOf(code[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] === code[17];
}

const SIX_DIGITS = /\d{6}/;
const hasSixDigits = (text: string) => SIX_DIGITS.test(text);
const keepEnds = (text: string) => `${text[0]}${'*'.repeat(text.length - 2)}${text.at(-1)}`;

// Earlier patterns win where matches overlap (an ID number holds phone-like digit runs).
const MASKERS: Masker[] = [
  { pattern: RESIDENT_ID, worthTrying: hasSixDigits, mask: ([id]) => keepEnds(id) },
  {
    pattern: CREDIT_CODE_UPPER,
    worthTrying: hasSixDigits,
    mask: ([code]) => (isCreditCode(code) ? keepEnds(code) : undefined),
  },
  {
    pattern: CREDIT_CODE_ANY_CASE,
    worthTrying: hasSixDigits,
    mask: ([code]) => (isCreditCode(code) ? keepEnds(code) : undefined),
  },
  {
    pattern: CHINA_MOBILE,
    worthTrying: () => true,
    mask: ([phone]) => {
      const digits = phone.replace(/\D/g, '').slice(-11);
      return `${digits.slice(0, 3)}****${digits.slice(7)}`;
    },
  },
  {
    pattern: EMAIL,
    worthTrying: (text) => text.includes('@'),
    mask: ([, first, domain]) => `${first}***@${domain}`,
  },
];

/** The line as a reader sees it, and for each of its UTF-16 units the original span it came from. */
interface ReadableText {
  text: string;
  /** absent when the line needed no decoding: every unit stands for itself */
  starts?: number[];
  ends?: number[];
}

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
const NON_ASCII = /[^\t\n\r -\x7f]/;

const TRACE_FIELDS = /"(?:trace_id|span_id)":"[0-9a-f]{16,32}"/g;

export function maskPersonalData(line: string): string {
  const readable = readableForm(line);
  const ranges: [start: number, end: number, replacement: string][] = [];
  // Trace and span ids are random hex: eleven digits in a row there are chance, not a phone.
  const taken: [number, number][] = [...readable.text.matchAll(TRACE_FIELDS)].map((id) => [
    id.index,
    id.index + id[0].length,
  ]);
  for (const { pattern, worthTrying, mask } of MASKERS) {
    if (!worthTrying(readable.text)) continue;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(readable.text); match; match = pattern.exec(readable.text)) {
      const from = match.index;
      const to = from + match[0].length;
      if (taken.some(([start, end]) => from < end && to > start)) continue;
      const replacement = mask(match);
      if (replacement === undefined) continue;
      taken.push([from, to]);
      const start = readable.starts ? readable.starts[from]! : from;
      const end = readable.ends ? readable.ends[to - 1]! : to;
      ranges.push([start, end, replacement]);
    }
  }
  if (ranges.length === 0) return line;
  ranges.sort((a, b) => a[0] - b[0]);
  let masked = '';
  let at = 0;
  for (const [start, end, replacement] of ranges) {
    if (start < at) {
      // two readable matches sharing one original escape: mask the rest of the second too
      if (end > at) [masked, at] = [masked + replacement, end];
      continue;
    }
    masked += line.slice(at, start) + replacement;
    at = end;
  }
  return masked + line.slice(at);
}

function readableForm(line: string): ReadableText {
  const needsNormalising = NON_ASCII.test(line) && line.normalize('NFKC') !== line;
  if (!needsNormalising && !PERCENT_ESCAPE.test(line)) return { text: line };
  let readable = decodeOnce(line) as Required<ReadableText>;
  // %25-escaped escapes (double encoding) take another round each; three is more than URLs use.
  for (let round = 0; round < 3 && PERCENT_ESCAPE.test(readable.text); round++) {
    const next = decodeOnce(readable.text);
    readable = {
      text: next.text,
      starts: next.starts.map((i) => readable.starts[i]!),
      ends: next.ends.map((i) => readable.ends[i - 1]!),
    };
  }
  return readable;
}

// ASCII without escapes, and CJK ideographs: nothing to decode or normalise.
const PLAIN_RUN = /[\t\n\r -$&-\x7f\u4e00-\u9fff]+/y;

/** One round of percent-decoding (UTF-8) and NFKC per character. */
function decodeOnce(input: string): Required<ReadableText> {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (chars: string, start: number, end: number) => {
    const normalised = nfkc(chars);
    text += normalised;
    for (let k = 0; k < normalised.length; k++) {
      starts.push(start);
      ends.push(end);
    }
  };
  let i = 0;
  while (i < input.length) {
    PLAIN_RUN.lastIndex = i;
    const plain = PLAIN_RUN.exec(input);
    if (plain) {
      text += plain[0];
      for (let k = i; k < i + plain[0].length; k++) {
        starts.push(k);
        ends.push(k + 1);
      }
      i += plain[0].length;
      continue;
    }
    const decoded = input[i] === '%' ? percentDecodedCharacter(input, i) : undefined;
    if (decoded) {
      emit(decoded.chars, i, decoded.end);
      i = decoded.end;
      continue;
    }
    const codePoint = input.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    emit(input.slice(i, i + width), i, i + width);
    i += width;
  }
  return { text, starts, ends };
}

/** The character a run of %XX escapes starting at `at` spells in UTF-8, if it is one. */
function percentDecodedCharacter(
  input: string,
  at: number,
): { chars: string; end: number } | undefined {
  const lead = hexByte(input, at);
  if (lead === undefined) return undefined;
  const length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length === 0) return undefined;
  const bytes = [lead];
  for (let k = 1; k < length; k++) {
    const next = hexByte(input, at + 3 * k);
    if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
    bytes.push(next);
  }
  const chars = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
  return chars.includes('\ufffd') ? undefined : { chars, end: at + 3 * length };
}

function hexByte(input: string, at: number): number | undefined {
  if (input[at] !== '%') return undefined;
  const hex = input.slice(at + 1, at + 3);
  return /^[0-9A-Fa-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
}

// CJK ideographs and ASCII are their own NFKC form; everything else is looked up once.
const nfkcCache = new Map<string, string>();

function nfkc(chars: string): string {
  const code = chars.charCodeAt(0);
  if (chars.length === 1 && (code < 0x80 || (code >= 0x4e00 && code <= 0x9fff))) return chars;
  let normalised = nfkcCache.get(chars);
  if (normalised === undefined) {
    normalised = chars.normalize('NFKC');
    if (nfkcCache.size < 10_000) nfkcCache.set(chars, normalised);
  }
  return normalised;
}
