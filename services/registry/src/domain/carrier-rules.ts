import { z } from 'zod';
import type { Carrier, CarrierDraft, Honor } from './carrier.js';
import {
  CarrierRetiredError,
  CarrierValidationError,
  HonorNotFoundError,
  StaleVersionError,
  type FieldProblem,
} from './errors.js';
import { PROVINCES } from './provinces.js';
import { nameKey, normaliseDisplayName, toSimplified } from './text-normalisation.js';
import {
  BASIC_SERVICES,
  CARRIER_KINDS,
  DEMO_BASE_TYPES,
  LEVELS,
  OPERATOR_TYPES,
  PIPELINE_STAGE,
  PROFESSIONAL_SERVICES,
  VALUE_ADDED_SERVICES,
} from './vocabulary.js';

/** GCJ-02 is only defined inside China; anything outside this box is a typo (often lat/lng swapped). */
export const CHINA_BOUNDS = { minLng: 73.4, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 } as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.number().int().min(0).max(10_000_000);

const coordinatesSchema = z
  .strictObject({
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    approximate: z.boolean().optional(),
  })
  .refine(
    (c) =>
      // out-of-range numbers already have their own problem; one per mistake is enough
      Math.abs(c.lng) > 180 ||
      Math.abs(c.lat) > 90 ||
      (c.lng >= CHINA_BOUNDS.minLng &&
        c.lng <= CHINA_BOUNDS.maxLng &&
        c.lat >= CHINA_BOUNDS.minLat &&
        c.lat <= CHINA_BOUNDS.maxLat),
    { message: 'coordinates lie outside China (GCJ-02 expected; are lng and lat swapped?)' },
  );

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, { message: 'contains duplicates' });

const carrierDraftSchema = z
  .strictObject({
    kind: z.enum(CARRIER_KINDS),
    demoBaseType: z.enum(DEMO_BASE_TYPES).optional(),
    level: z.enum(LEVELS).optional(),
    name: text(200),
    aliases: z.array(text(200)).max(50).default([]),
    operator: z.strictObject({ name: text(200), type: z.enum(OPERATOR_TYPES) }),
    location: z.strictObject({
      province: z.enum(PROVINCES),
      city: text(30).optional(),
      district: text(30).optional(),
      address: text(200).optional(),
      coordinates: coordinatesSchema.optional(),
    }),
    focusIndustries: uniqueList(text(50), 30).default([]),
    services: z
      .strictObject({
        basic: uniqueList(z.enum(BASIC_SERVICES), BASIC_SERVICES.length).default([]),
        professional: uniqueList(
          z.enum(PROFESSIONAL_SERVICES),
          PROFESSIONAL_SERVICES.length,
        ).default([]),
        valueAdded: uniqueList(z.enum(VALUE_ADDED_SERVICES), VALUE_ADDED_SERVICES.length).default(
          [],
        ),
      })
      .default({ basic: [], professional: [], valueAdded: [] }),
    statistics: z
      .strictObject({
        areaSquareMeters: z.number().min(0).max(100_000_000).optional(),
        residentCompanies: count.optional(),
        cumulativeIncubated: count.optional(),
        graduatedCompanies: count.optional(),
        jobsCreated: count.optional(),
        mentors: count.optional(),
      })
      .default({}),
    intake: z
      .strictObject({
        accepting: z.boolean(),
        requirements: text(2000).optional(),
        contact: z
          .strictObject({
            office: text(100).optional(),
            phone: z
              .string()
              .trim()
              .regex(/^[0-9+\-() ]{5,20}$/, 'not a phone number')
              .optional(),
            email: z.email().max(100).optional(),
          })
          .optional(),
      })
      .default({ accepting: false }),
    images: z
      .array(
        z.strictObject({
          url: z
            .url({ protocol: /^https$/, hostname: z.regexes.domain })
            .max(500, 'at most 500 characters'),
          caption: text(100).optional(),
        }),
      )
      .max(9)
      .default([]),
    pipelineNextCarrierIds: uniqueList(text(64), 20).default([]),
  })
  .superRefine((draft, ctx) => {
    if (draft.demoBaseType && draft.kind !== 'demo_base') {
      ctx.addIssue({
        code: 'custom',
        path: ['demoBaseType'],
        message: 'only a demo_base (双创示范基地) has a demoBaseType',
      });
    }
    const { residentCompanies, cumulativeIncubated, graduatedCompanies } = draft.statistics;
    if (cumulativeIncubated !== undefined) {
      if (graduatedCompanies !== undefined && graduatedCompanies > cumulativeIncubated) {
        ctx.addIssue({
          code: 'custom',
          path: ['statistics', 'graduatedCompanies'],
          message: 'more graduated companies than companies ever incubated',
        });
      }
      if (residentCompanies !== undefined && residentCompanies > cumulativeIncubated) {
        ctx.addIssue({
          code: 'custom',
          path: ['statistics', 'residentCompanies'],
          message: 'more resident companies than companies ever incubated',
        });
      }
    }
  });

const honorInputSchema = z.strictObject({
  title: text(200),
  level: z.enum(LEVELS),
  issuer: text(100),
  documentNumber: text(100).optional(),
  batch: text(50).optional(),
  year: z.number().int().min(1980).max(2100).optional(),
  awardedOn: z.iso.date().optional(),
});
export type HonorInput = Omit<Honor, 'honorId'>;

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Checks a draft against the registry's rules and returns it normalised: names in simplified
 * characters with the other spellings kept as aliases, so 青島 and 青岛 find the same carrier.
 */
export function validateCarrierDraft(input: unknown): CarrierDraft {
  const parsed = carrierDraftSchema.safeParse(input);
  if (!parsed.success) throw new CarrierValidationError(problemsOf(parsed.error));
  const draft = parsed.data;
  const name = normaliseDisplayName(draft.name);
  return {
    ...draft,
    name,
    aliases: distinctAliases(name, [draft.name, ...draft.aliases]),
    operator: { ...draft.operator, name: normaliseDisplayName(draft.operator.name) },
    focusIndustries: draft.focusIndustries.map((industry) => toSimplified(industry)),
  } as CarrierDraft;
}

export function validateHonorInput(input: unknown): HonorInput {
  const parsed = honorInputSchema.safeParse(input);
  if (!parsed.success) throw new CarrierValidationError(problemsOf(parsed.error));
  return { ...parsed.data, title: normaliseDisplayName(parsed.data.title) };
}

/** Aliases other than the name itself, one per spelling (trimmed; identical strings merged). */
export function distinctAliases(name: string, spellings: string[]): string[] {
  const seen = new Set([name]);
  const aliases: string[] = [];
  for (const spelling of spellings.map((s) => s.trim()).filter(Boolean)) {
    if (!seen.has(spelling)) {
      seen.add(spelling);
      aliases.push(spelling);
    }
  }
  return aliases;
}

/** Two carriers are the same carrier when their names and operators share keys. */
export function carrierIdentityKey(draft: { name: string; operator: { name: string } }): string {
  return `${nameKey(draft.name)}|${nameKey(draft.operator.name)}`;
}

/** All the keys a carrier's name is known by (name and aliases), for matching imported rows. */
export function nameKeysOf(draft: Pick<CarrierDraft, 'name' | 'aliases'>): string[] {
  return [...new Set([draft.name, ...draft.aliases].map(nameKey))];
}

/**
 * The same honor awarded twice is one honor: same title and document number, or, without a
 * document number, same title, issuer, year and batch.
 */
export function honorKey(honor: HonorInput): string {
  const title = nameKey(honor.title);
  if (honor.documentNumber) return `${title}|doc:${nameKey(honor.documentNumber)}`;
  return [title, nameKey(honor.issuer), honor.year ?? '', nameKey(honor.batch ?? '')].join('|');
}

export function createCarrier(draft: CarrierDraft, id: string, now: Date): Carrier {
  assertNoSelfLink(id, draft);
  const timestamp = now.toISOString();
  return {
    ...draft,
    id,
    honors: [],
    status: 'active',
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

function assertWritable(current: Carrier, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new StaleVersionError(current.id, expectedVersion, current.version);
  }
  if (current.status === 'retired') throw new CarrierRetiredError(current.id);
}

function assertNoSelfLink(id: string, draft: CarrierDraft): void {
  if (draft.pipelineNextCarrierIds.includes(id)) {
    throw new CarrierValidationError([
      { path: 'pipelineNextCarrierIds', message: 'a carrier cannot feed itself' },
    ]);
  }
}

function changed(current: Carrier, next: Partial<Carrier>, now: Date): Carrier {
  return { ...current, ...next, version: current.version + 1, updatedAt: now.toISOString() };
}

/** Replaces what staff may write; `expectedVersion` comes from If-Match. */
export function updateCarrier(
  current: Carrier,
  draft: CarrierDraft,
  expectedVersion: number | undefined,
  now: Date,
): Carrier {
  assertWritable(current, expectedVersion);
  assertNoSelfLink(current.id, draft);
  return changed(current, draft, now);
}

export function retireCarrier(
  current: Carrier,
  expectedVersion: number | undefined,
  now: Date,
): Carrier {
  assertWritable(current, expectedVersion);
  return changed(
    current,
    { status: 'retired', intake: { ...current.intake, accepting: false } },
    now,
  );
}

export type HonorAward =
  | { awarded: true; carrier: Carrier; honor: Honor }
  | { awarded: false; carrier: Carrier; honor: Honor };

/** Awards an honor; awarding one the carrier already holds changes nothing (re-imports rely on it). */
export function awardHonor(
  current: Carrier,
  input: HonorInput,
  newHonorId: string,
  expectedVersion: number | undefined,
  now: Date,
): HonorAward {
  assertWritable(current, expectedVersion);
  const key = honorKey(input);
  const held = current.honors.find((h) => honorKey(h) === key);
  if (held) return { awarded: false, carrier: current, honor: held };
  const honor: Honor = { honorId: newHonorId, ...input };
  return {
    awarded: true,
    carrier: changed(current, { honors: [...current.honors, honor] }, now),
    honor,
  };
}

export function revokeHonor(
  current: Carrier,
  honorId: string,
  expectedVersion: number | undefined,
  now: Date,
): { carrier: Carrier; honor: Honor } {
  assertWritable(current, expectedVersion);
  const honor = current.honors.find((h) => h.honorId === honorId);
  if (!honor) throw new HonorNotFoundError(current.id, honorId);
  return {
    carrier: changed(current, { honors: current.honors.filter((h) => h.honorId !== honorId) }, now),
    honor,
  };
}

/** Kinds along the founder's path: a nursery feeds an incubator, not the other way round. */
export function checkPipelineLinks(
  carrier: Pick<Carrier, 'kind'>,
  targets: Array<Pick<Carrier, 'id' | 'kind' | 'status'> | undefined>,
  targetIds: string[],
): FieldProblem[] {
  const stageOf = (kind: Carrier['kind']) => PIPELINE_STAGE[kind];
  const problems: FieldProblem[] = [];
  targetIds.forEach((targetId, index) => {
    const target = targets[index];
    const path = `pipelineNextCarrierIds.${index}`;
    if (!target) problems.push({ path, message: `carrier ${targetId} does not exist` });
    else if (target.status === 'retired')
      problems.push({ path, message: `carrier ${targetId} is retired` });
    else if (stageOf(target.kind) < stageOf(carrier.kind))
      problems.push({
        path,
        message: `a ${carrier.kind} cannot feed a ${target.kind}, which comes earlier on the founder's path`,
      });
  });
  return problems;
}
