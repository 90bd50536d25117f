import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser, fromFile } from '@asyncapi/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { eventCatalog, findEventType, topicDeclarations } from '../src/index.js';

const catalogFile = fileURLToPath(new URL('../asyncapi/catalog.yaml', import.meta.url));
const schemasDir = fileURLToPath(new URL('../events/schemas/', import.meta.url));
const schemaFiles = readdirSync(schemasDir).filter((name) => name.endsWith('.json'));
const errorSeverity = 0;

function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addKeyword('x-parser-schema-id'); // added by @asyncapi/parser to every schema
  addFormats.default(ajv);
  return ajv;
}

describe('AsyncAPI catalog', () => {
  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser', async () => {
    const { document, diagnostics } = await fromFile(new Parser(), catalogFile).parse();
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === errorSeverity);
    expect(errors.map((error) => error.message)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const messageNames = document!
      .allMessages()
      .all()
      .map((message) => message.name());
    expect(messageNames.sort()).toEqual(eventCatalog.map((entry) => entry.type).sort());
    const addresses = document!
      .allChannels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(topicDeclarations.map((topic) => topic.name).sort());
  });

  it('gives every message an example whose headers and payload match the catalog', async () => {
    const { document } = await fromFile(new Parser(), catalogFile).parse();
    for (const message of document!.allMessages().all()) {
      const entry = findEventType(message.name()!)!;
      const examples = message.examples().all();
      expect(examples.length, entry.type).toBeGreaterThan(0);
      const validateHeaders = newAjv().compile(message.headers()!.json());
      const validateData = newAjv().compile(entry.schema);
      const keyField = entry.keyDescription.match(/\((\w+)\)/)![1]!;
      for (const example of examples) {
        const headers = example.headers()!;
        const payload = example.payload() as Record<string, unknown>;
        expect(validateHeaders(headers), JSON.stringify(validateHeaders.errors)).toBe(true);
        expect(validateData(payload), JSON.stringify(validateData.errors)).toBe(true);
        expect(headers.ce_type).toBe(entry.type);
        expect(headers.ce_dataschema).toBe(entry.dataschema);
        expect(headers.ce_subject).toBe(payload[keyField]);
      }
      expect(validateHeaders({ ...examples[0]!.headers(), ce_type: 'cn.other.v1' })).toBe(false);
    }
  });

  it('declares every event of the five topics, with a schema file each', () => {
    expect(topicDeclarations.map((topic) => topic.name).sort()).toEqual([
      'identity.token.v1',
      'intake.application.v1',
      'news.article.v1',
      'notification.delivery.v1',
      'registry.incubator.v1',
    ]);
    expect(eventCatalog.map((entry) => entry.type).sort()).toEqual([
      'cn.shuangchuang.identity.token.revoked.v1',
      'cn.shuangchuang.intake.application.status-changed.v1',
      'cn.shuangchuang.intake.application.submitted.v1',
      'cn.shuangchuang.intake.application.withdrawn.v1',
      'cn.shuangchuang.news.article.published.v1',
      'cn.shuangchuang.news.article.retracted.v1',
      'cn.shuangchuang.notification.delivery.failed.v1',
      'cn.shuangchuang.notification.delivery.sent.v1',
      'cn.shuangchuang.registry.incubator.created.v1',
      'cn.shuangchuang.registry.incubator.honor-awarded.v1',
      'cn.shuangchuang.registry.incubator.retired.v1',
      'cn.shuangchuang.registry.incubator.updated.v1',
    ]);
    expect(schemaFiles.sort()).toEqual(eventCatalog.map((entry) => `${entry.type}.json`).sort());
  });

  it('names each type after its topic and points dataschema at the schema $id', () => {
    for (const entry of eventCatalog) {
      const [domain, aggregate] = entry.topic.split('.');
      expect(entry.type).toMatch(
        new RegExp(`^cn\\.shuangchuang\\.${domain}\\.${aggregate}\\.[a-z-]+\\.v1$`),
      );
      expect(entry.dataschema).toBe(entry.schema.$id);
      expect(entry.dataschema).toBe(`https://schemas.shuangchuang.dev/events/${entry.type}.json`);
      expect(entry.keyDescription).toMatch(/id/i);
    }
    expect(findEventType('cn.shuangchuang.news.article.published.v1')?.topic).toBe(
      'news.article.v1',
    );
    expect(findEventType('cn.shuangchuang.news.article.unknown.v1')).toBeUndefined();
  });

  it('declares 6 partitions and 7 days of retention per topic', () => {
    for (const topic of topicDeclarations) {
      expect(topic).toEqual({ name: topic.name, partitions: 6, retentionMs: 7 * 24 * 3600 * 1000 });
    }
  });
});

describe('event data schemas', () => {
  it.each(eventCatalog.map((entry) => [entry.type, entry] as const))(
    '%s compiles and its examples validate',
    (_type, entry) => {
      const validate = newAjv().compile(entry.schema);
      const examples = entry.schema.examples as unknown[];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
      }
    },
  );

  it('match the files in events/schemas', () => {
    for (const entry of eventCatalog) {
      const onDisk = JSON.parse(readFileSync(`${schemasDir}${entry.type}.json`, 'utf8'));
      expect(entry.schema).toEqual(onDisk);
    }
  });

  it('reject data missing a required field or with a wrong type', () => {
    const entry = findEventType('cn.shuangchuang.intake.application.submitted.v1')!;
    const validate = newAjv().compile(entry.schema);
    const [example] = entry.schema.examples as Record<string, unknown>[];
    const { carrierId: _carrierId, ...withoutCarrier } = example!;
    expect(validate(withoutCarrier)).toBe(false);
    expect(validate({ ...example, submittedAt: 'yesterday' })).toBe(false);
    expect(validate({ ...example, status: 'accepted' })).toBe(false);
  });

  it('refuse personal data on identity, intake and notification events', () => {
    const personal = { phone: '13800138000', email: 'founder@example.com', name: '张三' };
    for (const entry of eventCatalog.filter((e) =>
      /\.(identity|intake|notification)\./.test(e.type),
    )) {
      const validate = newAjv().compile(entry.schema);
      const [example] = entry.schema.examples as Record<string, unknown>[];
      for (const [field, value] of Object.entries(personal)) {
        expect(validate({ ...example, [field]: value }), `${entry.type} ${field}`).toBe(false);
      }
      expect(JSON.stringify(entry.schema.examples)).not.toMatch(/1[3-9]\d{9}|@/);
    }
  });

  it('describe created and updated with the same carrier state', () => {
    const structure = (type: string) => {
      const {
        $id: _id,
        title: _title,
        description: _description,
        examples: _examples,
        ...rest
      } = findEventType(type)!.schema;
      return rest;
    };
    expect(structure('cn.shuangchuang.registry.incubator.updated.v1')).toEqual(
      structure('cn.shuangchuang.registry.incubator.created.v1'),
    );
  });
});

describe('glossary enums', () => {
  // The event schemas are self-contained for downstream consumers, so they repeat the glossary
  // enums of openapi/shared/components.yaml; this keeps the two from drifting apart.
  const shared = parse(
    readFileSync(new URL('../openapi/shared/components.yaml', import.meta.url), 'utf8'),
  ).schemas;
  const registry = parse(readFileSync(new URL('../openapi/registry.yaml', import.meta.url), 'utf8'))
    .components.schemas;
  const dataOf = (type: string) => findEventType(`cn.shuangchuang.${type}.v1`)!.schema as any;

  it('are the same in the event schemas and the OpenAPI documents', () => {
    const carrier = dataOf('registry.incubator.updated').properties;
    expect(carrier.kind.enum).toEqual(shared.CarrierKind.enum);
    expect(carrier.level.enum).toEqual(shared.CarrierLevel.enum);
    expect(carrier.operator.properties.type.enum).toEqual(registry.OperatorType.enum);
    expect(carrier.status.enum).toEqual(registry.Carrier.properties.status.enum);
    expect(carrier.demoBaseType.enum).toEqual(shared.DemoBaseType.enum);
    expect(carrier.services.properties.basic.items.enum).toEqual(shared.BasicService.enum);
    expect(carrier.services.properties.professional.items.enum).toEqual(
      shared.ProfessionalService.enum,
    );
    expect(carrier.services.properties.valueAdded.items.enum).toEqual(
      shared.ValueAddedService.enum,
    );
    expect(
      dataOf('registry.incubator.honor-awarded').properties.honor.properties.level.enum,
    ).toEqual(shared.CarrierLevel.enum);
    expect(dataOf('news.article.published').properties.kind.enum).toEqual(shared.ArticleKind.enum);
    for (const field of ['fromStatus', 'toStatus']) {
      expect(dataOf('intake.application.status-changed').properties[field].enum).toEqual(
        shared.ApplicationStatus.enum,
      );
    }
    for (const event of ['notification.delivery.sent', 'notification.delivery.failed']) {
      expect(dataOf(event).properties.channel.enum).toEqual(shared.NotificationChannel.enum);
    }
  });
});
