import { describe, expect, it } from 'vitest';
import { CatalogIndex, UnknownEventTypeError } from '../src/index.js';
import { SchemaValidator } from '../src/schema-validator.js';
import { testCatalog, WIDGET_CHANGED } from './support/test-catalog.js';

describe('schema validation of event data', () => {
  const validator = new SchemaValidator(new CatalogIndex(testCatalog));

  it('accepts data matching the catalog schema', () => {
    expect(validator.violations(WIDGET_CHANGED, { widgetId: 'w-1', n: 3 })).toBeUndefined();
  });

  it('names every violation', () => {
    const violations = validator.violations(WIDGET_CHANGED, { n: -1, colour: 'red' });
    expect(violations).toContain("must have required property 'widgetId'");
    expect(violations).toContain('/n must be >= 0');
    expect(violations).toContain('must NOT have additional properties');
  });

  it('refuses types the catalog does not list', () => {
    expect(() => validator.violations('cn.shuangchuang.test.nothing.v1', {})).toThrow(
      UnknownEventTypeError,
    );
  });
});
