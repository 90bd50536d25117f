import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A parsed OpenAPI 3.1 document, or the path of its YAML/JSON file. */
export type ApiSpec = string | Record<string, unknown>;

interface SecurityScheme {
  type?: string;
  scheme?: string;
}

export interface OpenApiDocument {
  /** what express-openapi-validator loads: the path when given one, so relative $refs resolve */
  source: ApiSpec;
  /** names of the `http`/`bearer` security schemes, each wired to the JWT auth */
  bearerSchemeNames: string[];
  /** the document itself */
  parsed: Record<string, unknown>;
}

/**
 * Reads the document once at start-up and refuses one that does not serve the service's
 * base path, so a wrong document fails at boot rather than as 404s in production.
 */
export function readOpenApiDocument(apiSpec: ApiSpec, basePath: string): OpenApiDocument {
  const document =
    typeof apiSpec === 'string'
      ? (parse(readFileSync(apiSpec, 'utf8')) as Record<string, unknown>)
      : apiSpec;
  const where = typeof apiSpec === 'string' ? apiSpec : 'the OpenAPI document';

  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1.')) {
    throw new Error(`${where} must be an OpenAPI 3.1 document`);
  }
  const servers = (document.servers ?? []) as { url?: string }[];
  if (!servers.some((server) => server.url === basePath)) {
    throw new Error(`${where} has no servers entry with url ${basePath}`);
  }

  const components = (document.components ?? {}) as {
    securitySchemes?: Record<string, SecurityScheme>;
  };
  const bearerSchemeNames = Object.entries(components.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer')
    .map(([name]) => name);

  return { source: apiSpec, bearerSchemeNames, parsed: document };
}
