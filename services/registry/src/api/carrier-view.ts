import type { Carrier } from '../domain/carrier.js';

/** A carrier as the API shows it (registry.yaml `Carrier`). */
export function carrierView(carrier: Carrier) {
  const { pipelineNextCarrierIds, honors, ...fields } = carrier;
  return {
    ...fields,
    honors: honors.map(({ honorId, ...honor }) => ({ id: honorId, ...honor })),
    pipeline: { feedsInto: pipelineNextCarrierIds },
  };
}

/** A `CarrierInput` body in the domain's words: pipeline.feedsInto → pipelineNextCarrierIds. */
export function draftInputOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { pipeline, ...rest } = body as { pipeline?: { feedsInto?: unknown } };
  return { ...rest, pipelineNextCarrierIds: pipeline?.feedsInto ?? [] };
}

export function etagOf(carrier: Pick<Carrier, 'version'>): string {
  return `"${carrier.version}"`;
}
