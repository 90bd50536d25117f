// The registry's controlled vocabulary, named as in the glossary of docs/DOMAIN.md.

export const CARRIER_KINDS = [
  'maker_space',
  'specialized_maker_space',
  'incubator',
  'accelerator',
  'science_park',
  'university_science_park',
  'nursery',
  'demo_base',
] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/** Subtypes of 双创示范基地, only meaningful for kind `demo_base`. */
export const DEMO_BASE_TYPES = ['regional', 'university_institute', 'enterprise'] as const;
export type DemoBaseType = (typeof DEMO_BASE_TYPES)[number];

export const LEVELS = ['national', 'provincial', 'municipal', 'county'] as const;
export type Level = (typeof LEVELS)[number];

export const OPERATOR_TYPES = [
  'company',
  'university',
  'research_institute',
  'government',
  'platform_company',
  'other',
] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

/** Services as GB/T 39668-2020 《科技企业孵化器服务规范》 groups them. */
export const BASIC_SERVICES = [
  'space_and_facilities',
  'property',
  'company_registration',
  'policy_consultation',
] as const;
export const PROFESSIONAL_SERVICES = [
  'technology_rd',
  'investment_financing',
  'intellectual_property',
  'market_sales',
  'talent_training',
  'mentoring',
] as const;
export const VALUE_ADDED_SERVICES = [
  'carrier_investment',
  'industry_resources',
  'internationalisation',
] as const;
export type BasicService = (typeof BASIC_SERVICES)[number];
export type ProfessionalService = (typeof PROFESSIONAL_SERVICES)[number];
export type ValueAddedService = (typeof VALUE_ADDED_SERVICES)[number];
export type CarrierService = BasicService | ProfessionalService | ValueAddedService;
export const ALL_SERVICES: readonly CarrierService[] = [
  ...BASIC_SERVICES,
  ...PROFESSIONAL_SERVICES,
  ...VALUE_ADDED_SERVICES,
];

export const CARRIER_STATUSES = ['active', 'retired'] as const;
export type CarrierStatus = (typeof CARRIER_STATUSES)[number];

/** Ordering of a founder's path: a carrier may feed carriers of the same or a later stage. */
export const PIPELINE_STAGE: Record<CarrierKind, number> = {
  nursery: 0,
  maker_space: 0,
  specialized_maker_space: 0,
  incubator: 1,
  accelerator: 2,
  science_park: 3,
  university_science_park: 3,
  demo_base: 3,
};
