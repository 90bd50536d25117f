// Personal data written in any spelling a client or a URL may use still leaves the real logger
// masked: percent-encoded (once or twice, or every character), full-width, with separators, next
// to letters, in messages, fields and URLs. The check reads each logged line the way a person
// would (every escape decoded, NFKC, separators dropped) and looks for the original.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));

const phone = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9))
  .map(([second, rest]) => `1${second}${rest}`);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentId = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({ min: new Date('1940-01-01'), max: new Date('2015-12-31'), noInvalidDate: true }),
    digits(3),
  )
  .map(([region, birth, sequence]) => {
    const body = `${region}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
    const sum = [...body].reduce((total, d, i) => total + Number(d) * ID_WEIGHTS[i]!, 0);
    return body + '10X98765432'[sum % 11];
  });

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const codeChar = fc.constantFrom(...CODE_ALPHABET);
const creditCode = fc
  .tuple(
    fc.constantFrom('1', '5', '9', 'Y'),
    fc.constantFrom('1', '2', '3', '9'),
    digits(6),
    fc.array(codeChar, { minLength: 9, maxLength: 9 }),
  )
  .map(([authority, kind, division, body]) => {
    const first17 = `${authority}${kind}${division}${body.join('')}`;
    const sum = [...first17].reduce(
      (total, c, i) => total + CODE_ALPHABET.indexOf(c) * CODE_WEIGHTS[i]!,
      0,
    );
    return first17 + CODE_ALPHABET[(31 - (sum % 31)) % 31];
  });

const fullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z+@.-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const percentEveryCharacter = (text: string) =>
  [...new TextEncoder().encode(text)]
    .map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`)
    .join('');

type Encoding = (text: string) => string;
const encodings: Record<string, Encoding> = {
  plain: (t) => t,
  uri: encodeURIComponent,
  'uri twice': (t) => encodeURIComponent(encodeURIComponent(t)),
  'every character': percentEveryCharacter,
  'full-width': fullWidth,
  'full-width, uri': (t) => encodeURIComponent(fullWidth(t)),
  'every character, lower case hex': (t) => percentEveryCharacter(t).toLowerCase(),
};
const encoding = fc.constantFrom(...Object.keys(encodings));
const lowerLetters = fc.stringMatching(/^[a-z]{0,4}$/);

type Placement = (logger: ReturnType<typeof createLogger>, text: string) => void;
const placements: Record<string, Placement> = {
  message: (logger, text) => logger.info(`founder ${text} applied`),
  field: (logger, text) => logger.info({ body: { contact: [text] } }, 'request body'),
  url: (logger, text) => logger.info({ req: { url: `/api/registry/carriers?q=${text}&x=1` } }),
};
const placement = fc.constantFrom(...Object.keys(placements));

/** A logged line as a person reads it: every string of it decoded, normalised, without separators. */
function readAsAPerson(line: string): string {
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') strings.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(JSON.parse(line)); // still one valid JSON document after masking
  return strings
    .map((text) => {
      let previous;
      do {
        previous = text;
        text = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
          try {
            return decodeURIComponent(run);
          } catch {
            return run;
          }
        });
      } while (text !== previous);
      return text.normalize('NFKC').replace(/[-\s+]/g, '');
    })
    .join('\n');
}

function loggedLines(write: (logger: ReturnType<typeof createLogger>) => void): string[] {
  const lines: string[] = [];
  const logger = createLogger({ service: 'test', destination: { write: (l) => lines.push(l) } });
  write(logger);
  return lines;
}

describe('masking, whatever the spelling', () => {
  it('leaves no phone number readable', () => {
    fc.assert(
      fc.property(
        phone,
        fc.constantFrom('', '+86', '+86 ', '86-', '+86-'),
        fc.constantFrom('', '-', ' ', '－', '\u3000'),
        encoding,
        placement,
        lowerLetters,
        lowerLetters,
        (number, prefix, separator, encodingName, placementName, before, after) => {
          const spelled = `${prefix}${number.slice(0, 3)}${separator}${number.slice(3, 7)}${separator}${number.slice(7)}`;
          const text = before + encodings[encodingName]!(spelled) + after;
          const [line] = loggedLines((logger) => placements[placementName]!(logger, text));
          expect(readAsAPerson(line!)).not.toContain(number);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves no resident ID number or unified social credit code readable', () => {
    fc.assert(
      fc.property(
        fc.oneof(residentId, creditCode),
        fc.boolean(),
        encoding,
        placement,
        lowerLetters,
        lowerLetters,
        (identifier, lowerCase, encodingName, placementName, before, after) => {
          const spelled = lowerCase ? identifier.toLowerCase() : identifier;
          // a lower case code stands alone: inside a run of letters it may be part of a hash
          const [head, tail] = lowerCase ? ['', ''] : [before, after];
          const text = head + encodings[encodingName]!(spelled) + tail;
          const [line] = loggedLines((logger) => placements[placementName]!(logger, text));
          const read = readAsAPerson(line!).toUpperCase();
          expect(read).not.toContain(identifier.slice(1, 17).toUpperCase());
        },
      ),
      { numRuns: 400 },
    );
  });

  it('leaves no email address readable', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9._]{1,10}$/),
        fc.constantFrom('example.com', 'univ.edu.cn', 'qq.com', '163.com'),
        encoding,
        placement,
        (local, domain, encodingName, placementName) => {
          const text = encodings[encodingName]!(`${local}@${domain}`);
          const [line] = loggedLines((logger) => placements[placementName]!(logger, text));
          expect(readAsAPerson(line!)).not.toContain(`${local}@`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
