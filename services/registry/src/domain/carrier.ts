import type {
  BasicService,
  CarrierKind,
  CarrierStatus,
  DemoBaseType,
  Level,
  OperatorType,
  ProfessionalService,
  ValueAddedService,
} from './vocabulary.js';
import type { Province } from './provinces.js';

/** GCJ-02 coordinates, as Chinese map services publish them. */
export interface Coordinates {
  lng: number;
  lat: number;
  /** true when this is the centre of the carrier's district, city or province, not its door */
  approximate?: boolean;
}

export interface Location {
  province: Province;
  city?: string;
  district?: string;
  address?: string;
  coordinates?: Coordinates;
}

export interface Operator {
  name: string;
  type: OperatorType;
}

export interface CarrierServices {
  basic: BasicService[];
  professional: ProfessionalService[];
  valueAdded: ValueAddedService[];
}

export interface Honor {
  honorId: string;
  title: string;
  level: Level;
  issuer: string;
  documentNumber?: string;
  batch?: string;
  year?: number;
  /** ISO date (YYYY-MM-DD) */
  awardedOn?: string;
}

export interface CarrierStatistics {
  areaSquareMeters?: number;
  residentCompanies?: number;
  cumulativeIncubated?: number;
  graduatedCompanies?: number;
  jobsCreated?: number;
  mentors?: number;
}

/** A photo of the carrier (https URL); the caption doubles as its alt text. */
export interface CarrierImage {
  url: string;
  caption?: string;
}

/** How founders apply. The contact is the carrier office's, never a founder's. */
export interface IntakeSettings {
  accepting: boolean;
  requirements?: string;
  contact?: { office?: string; phone?: string; email?: string };
}

/** What staff write: everything about a carrier except identity, honors and bookkeeping. */
export interface CarrierDraft {
  kind: CarrierKind;
  demoBaseType?: DemoBaseType;
  level?: Level;
  name: string;
  aliases: string[];
  operator: Operator;
  location: Location;
  focusIndustries: string[];
  services: CarrierServices;
  statistics: CarrierStatistics;
  intake: IntakeSettings;
  images: CarrierImage[];
  /** Carriers this one feeds along nursery → incubator → accelerator → park. */
  pipelineNextCarrierIds: string[];
}

export interface Carrier extends CarrierDraft {
  id: string;
  honors: Honor[];
  status: CarrierStatus;
  /** Starts at 1, +1 on every change; the ETag of optimistic concurrency. */
  version: number;
  createdAt: string;
  updatedAt: string;
}
