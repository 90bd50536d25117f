import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import type { CatalogIndex } from './catalog.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object's `default`.
const addFormats = formatsPlugin as unknown as typeof formatsPlugin.default;

/** Validates event data against the catalog's JSON Schemas; one compiled validator per type. */
export class SchemaValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly catalog: CatalogIndex) {
    addFormats(this.ajv);
  }

  /** Returns a readable list of violations, or undefined when the data is valid. */
  violations(type: string, data: unknown): string | undefined {
    const validate = this.validatorFor(type);
    if (validate(data)) return undefined;
    return (validate.errors ?? [])
      .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
      .join('; ');
  }

  private validatorFor(type: string): ValidateFunction {
    let validate = this.validators.get(type);
    if (!validate) {
      const { schema } = this.catalog.get(type);
      const id = typeof schema.$id === 'string' ? schema.$id : undefined;
      validate = (id && this.ajv.getSchema(id)) || this.ajv.compile(schema);
      this.validators.set(type, validate);
    }
    return validate;
  }
}

export class EventDataInvalidError extends Error {
  constructor(
    readonly eventType: string,
    readonly violations: string,
  ) {
    super(`data of ${eventType} does not match its schema: ${violations}`);
    this.name = 'EventDataInvalidError';
  }
}
