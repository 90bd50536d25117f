// A minimal value a JSON Schema accepts, for operations whose contract gives no example: the
// role matrix calls every operation with a valid request without anyone writing it by hand.

const FORMATS = {
  date: () => new Date().toISOString().slice(0, 10),
  'date-time': () => new Date().toISOString(),
  email: () => 'matrix@example.com',
  uri: () => 'https://example.com/matrix',
  uuid: () => '00000000-0000-4000-8000-000000000000',
};

/** `resolve` follows the document's `$ref`s. */
export function valueOf(schema, resolve) {
  const node = resolve(schema) ?? {};
  if ('const' in node) return node.const;
  if (node.default !== undefined) return node.default;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if (node.enum) return node.enum[0];
  for (const keyword of ['oneOf', 'anyOf']) {
    if (node[keyword]) {
      const choice = node[keyword].map(resolve).find((option) => option.type !== 'null');
      return valueOf(choice ?? node[keyword][0], resolve);
    }
  }
  if (node.allOf) return Object.assign({}, ...node.allOf.map((part) => valueOf(part, resolve)));
  const type = [node.type ?? 'object'].flat().find((t) => t !== 'null');
  switch (type) {
    case 'object':
      return Object.fromEntries(
        (node.required ?? []).map((name) => [
          name,
          valueOf(node.properties?.[name] ?? {}, resolve),
        ]),
      );
    case 'array':
      return Array.from({ length: node.minItems ?? 0 }, () => valueOf(node.items ?? {}, resolve));
    case 'integer':
    case 'number':
      if (node.minimum !== undefined) return node.minimum;
      if (node.exclusiveMinimum !== undefined) return node.exclusiveMinimum + 1;
      return node.maximum !== undefined ? Math.min(0, node.maximum) : 0;
    case 'boolean':
      return false;
    default: {
      if (node.format && FORMATS[node.format]) return FORMATS[node.format]();
      if (node.pattern) throw new Error(`no example for a string matching ${node.pattern}`);
      return 'm'.repeat(Math.max(1, node.minLength ?? 1));
    }
  }
}
