import * as OpenCC from 'opencc-js';

type Converter = (text: string) => string;

// Converters build their dictionaries (tries) on first use, so importing the package stays cheap.
const converters = new Map<string, Converter>();

function converter(from: string, to: string): Converter {
  const key = `${from}->${to}`;
  const cached = converters.get(key);
  if (cached) return cached;
  const created = OpenCC.Converter({ from, to });
  converters.set(key, created);
  return created;
}

/**
 * Traditional → simplified (mainland) characters and phrases.
 * Reads Hong Kong and Taiwan variant forms too (啟/啓 → 启, 衞/衛 → 卫, 裡/裏 → 里).
 */
export function toSimplified(text: string): string {
  return converter('hk', 'cn')(text);
}

export type TraditionalVariant = 'standard' | 'tw' | 'hk';

/** Simplified → traditional: OpenCC standard forms by default, or Taiwan / Hong Kong variants. */
export function toTraditional(text: string, variant: TraditionalVariant = 'standard'): string {
  return converter('cn', variant === 'standard' ? 't' : variant)(text);
}
