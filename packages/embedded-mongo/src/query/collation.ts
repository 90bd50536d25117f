import type { Document } from 'bson';
import { CommandError } from '../errors.js';

/** A collation as commands and indexes carry it, with the string comparison it stands for. */
export interface Collation {
  /** The collation document as given (mongod echoes it in listIndexes and listCollections). */
  readonly spec: Document;
  /** Compares two strings under the collation: negative, zero or positive. */
  readonly compare: (a: string, b: string) => number;
}

const FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

/** ICU strengths as Intl.Collator sensitivities: 1 base letters, 2 + accents, 3+ + case. */
const SENSITIVITY = { 1: 'base', 2: 'accent', 3: 'variant', 4: 'variant', 5: 'variant' } as const;

const cache = new Map<string, Collation>();

/**
 * The collation a command or index names, or undefined for none and for `{locale: 'simple'}`
 * (binary comparison). Strings compare through `Intl.Collator` (ICU, as in mongod); a locale the
 * runtime's ICU does not know is refused as mongod refuses it.
 */
export function parseCollation(value: unknown): Collation | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new CommandError(14, 'collation must be an object', 'TypeMismatch');
  const spec = value as Document;
  for (const field of Object.keys(spec)) {
    if (!FIELDS.has(field))
      throw new CommandError(
        40415,
        `BSON field 'collation.${field}' is an unknown field.`,
        'Location40415',
      );
  }
  if (typeof spec.locale !== 'string')
    throw new CommandError(
      40414,
      "BSON field 'locale' is missing but a required field",
      'Location40414',
    );
  if (spec.locale === 'simple') return undefined;
  const key = JSON.stringify(spec);
  const known = cache.get(key);
  if (known) return known;
  const strength = spec.strength === undefined ? 3 : Number(spec.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5)
    throw new CommandError(
      2,
      `Field 'strength' must be an integer 1 through 5. Got: ${String(spec.strength)}`,
      'BadValue',
    );
  const locale = spec.locale.replace(/@.*$/, '').replace(/_/g, '-');
  if (Intl.Collator.supportedLocalesOf([locale]).length === 0)
    throw new CommandError(2, `Field 'locale' is invalid in: ${JSON.stringify(spec)}`, 'BadValue');
  const collator = new Intl.Collator(locale, {
    usage: 'sort',
    sensitivity:
      spec.caseLevel === true && strength < 3
        ? strength === 1
          ? 'case'
          : 'variant'
        : SENSITIVITY[strength as 1],
    caseFirst: spec.caseFirst === 'upper' || spec.caseFirst === 'lower' ? spec.caseFirst : 'false',
    numeric: spec.numericOrdering === true,
    ignorePunctuation: spec.alternate === 'shifted',
  });
  const collation: Collation = { spec: { ...spec }, compare: (a, b) => collator.compare(a, b) };
  if (cache.size > 256) cache.clear();
  cache.set(key, collation);
  return collation;
}

/** The collation a command runs with: its own, else its collection's default. */
export function effectiveCollation(
  command: unknown,
  collectionDefault: Document | undefined,
): Collation | undefined {
  if (command !== undefined && command !== null) return parseCollation(command);
  return collectionDefault ? parseCollation(collectionDefault) : undefined;
}
