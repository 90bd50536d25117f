// Builds dist/, the static site both gateways serve at /docs (never edited, never committed):
//   index.html            the API reference of the four services (Scalar), "try it" against
//                         this origin: each document's server is /api/<service>
//   openapi/<service>.json  the bundled OpenAPI documents of @shuangchuang/contracts
//   events/index.html     the AsyncAPI event catalog rendered to HTML at build (readable without
//                         JavaScript), then made interactive by the AsyncAPI React component
//   events/catalog.yaml   the catalog with its event schemas inlined, for downstream teams' tools
//   assets/               the renderers' bundles, copied from their npm packages: no CDN
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, fromFile, stringify } from '@asyncapi/parser';
import { AsyncApiComponentWP } from '@asyncapi/react-component';
import {
  asyncapiCatalogPath,
  openapiDocumentPath,
  serviceNames,
} from '@shuangchuang/contracts/documents';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { parse, stringify as toYaml } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const require = createRequire(import.meta.url);

// Scalar's own configuration: nothing leaves this origin (its fonts, telemetry, AI agent and MCP
// reach its servers by default; the system's font stack serves Chinese better anyway).
const scalarConfiguration = {
  sources: serviceNames.map((service, index) => ({
    title: parse(readFileSync(openapiDocumentPath(service), 'utf8')).info.title,
    slug: service,
    url: `./openapi/${service}.json`,
    default: index === 0,
  })),
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  hideClientButton: false,
  persistAuth: true,
  authentication: { preferredSecurityScheme: 'bearerAuth' },
  defaultOpenAllTags: true,
};

// The AsyncAPI component's view: everything a downstream team needs to consume the topics.
const asyncapiConfiguration = {
  show: {
    sidebar: true,
    info: true,
    servers: true,
    operations: true,
    messages: true,
    schemas: true,
    errors: true,
  },
  sidebar: { showOperations: 'byDefault' },
  expand: { messageExamples: true },
};

const escapeScript = (json) => json.replaceAll('<', '\\u003c');

function page({ title, head = '', body }) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; }
  nav.docs-nav { display: flex; gap: 1.5rem; align-items: center; padding: .5rem 1rem; background: #0f766e; color: #fff; font-size: 14px; }
  nav.docs-nav a { color: #fff; }
  nav.docs-nav strong { margin-right: auto; }
</style>
${head}
</head>
<body>
<nav class="docs-nav"><strong>双创 platform</strong><a href="/docs/">REST API reference</a><a href="/docs/events/">Event catalog (Kafka)</a></nav>
${body}
</body>
</html>
`;
}

async function renderEventCatalog() {
  const parser = new Parser();
  const { document, diagnostics } = await fromFile(parser, asyncapiCatalogPath()).parse();
  const errors = diagnostics.filter((d) => d.severity === 0);
  if (!document || errors.length > 0) {
    throw new Error(
      `the AsyncAPI catalog does not parse:\n${errors.map((d) => `${d.path.join('.')}: ${d.message}`).join('\n')}`,
    );
  }
  const html = renderToString(
    createElement(AsyncApiComponentWP, { schema: document, config: asyncapiConfiguration }),
  );
  return page({
    title: '双创 platform events — AsyncAPI catalog',
    head: '<link rel="stylesheet" href="../assets/asyncapi.css">',
    body: `<div id="asyncapi">${html}</div>
<p style="padding: 0 1rem">Machine-readable: <a href="catalog.yaml">catalog.yaml</a> (AsyncAPI 3.0).</p>
<script src="../assets/asyncapi.js"></script>
<script>
  // render, not hydrate: the bundle's own React and ids differ from the build's, and a
  // mismatched hydration throws before it recovers. The built HTML stays until this replaces it.
  AsyncApiStandalone.render(
    { schema: ${escapeScript(JSON.stringify(stringify(document)))}, config: ${JSON.stringify(asyncapiConfiguration)} },
    document.getElementById('asyncapi'),
  );
</script>`,
  });
}

/** The catalog refers to events/schemas/*.json by relative path: one self-contained document. */
function inlineFileReferences(node) {
  if (Array.isArray(node)) return node.map(inlineFileReferences);
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#')) {
    const [path, pointer = ''] = node.$ref.split('#');
    let target = JSON.parse(readFileSync(join(dirname(asyncapiCatalogPath()), path), 'utf8'));
    for (const segment of pointer.split('/').slice(1)) {
      target = target[segment.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    return inlineFileReferences(target);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inlineFileReferences(v)]));
}

rmSync(dist, { recursive: true, force: true });
for (const dir of ['assets', 'openapi', 'events']) mkdirSync(join(dist, dir), { recursive: true });

copyFileSync(
  // Its exports name no file of dist/browser/: found from the main entry (dist/index.js).
  join(dirname(require.resolve('@scalar/api-reference')), 'browser/standalone.js'),
  join(dist, 'assets/scalar.js'),
);
const asyncapiPackage = dirname(require.resolve('@asyncapi/react-component/package.json'));
copyFileSync(
  join(asyncapiPackage, 'browser/standalone/index.js'),
  join(dist, 'assets/asyncapi.js'),
);
copyFileSync(join(asyncapiPackage, 'styles/default.min.css'), join(dist, 'assets/asyncapi.css'));

for (const service of serviceNames) {
  const document = parse(readFileSync(openapiDocumentPath(service), 'utf8'));
  writeFileSync(join(dist, `openapi/${service}.json`), JSON.stringify(document));
}
writeFileSync(
  join(dist, 'index.html'),
  page({
    title: '双创 platform — REST API reference',
    body: `<div id="app"></div>
<script src="assets/scalar.js"></script>
<script>
  Scalar.createApiReference('#app', ${escapeScript(JSON.stringify(scalarConfiguration))});
</script>`,
  }),
);

writeFileSync(
  join(dist, 'events/catalog.yaml'),
  toYaml(inlineFileReferences(parse(readFileSync(asyncapiCatalogPath(), 'utf8')))),
);
writeFileSync(join(dist, 'events/index.html'), await renderEventCatalog());
console.log(`api-docs: ${serviceNames.length} OpenAPI documents and the event catalog in ${dist}`);
