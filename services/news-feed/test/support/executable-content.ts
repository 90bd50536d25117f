// What "nothing executable survives" means for a stored body, checked on its text without the
// sanitizer's help: only allowlisted tags and attributes, and http(s)/mailto URLs.
const TAGS = new Set(
  'p br hr div span h2 h3 h4 h5 h6 blockquote pre code strong b em i u s sub sup small ul ol li a img figure figcaption table thead tbody tr th td caption'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set('href src alt title width height colspan rowspan rel'.split(' '));

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
}

/** Every reason the HTML could run code; empty when it cannot. */
export function executableContentIn(html: string): string[] {
  const problems: string[] = [];
  const withoutTags = html.replace(
    /<\/?([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g,
    (tag, name: string, attrs: string) => {
      if (!TAGS.has(name.toLowerCase())) problems.push(`tag <${name}>`);
      for (const match of attrs.matchAll(/([^\s=/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
        const attr = match[1]!.toLowerCase();
        if (!ATTRIBUTES.has(attr)) problems.push(`attribute ${attr} on <${name}>`);
        if (attr === 'href' || attr === 'src') {
          const url = decodeEntities((match[2] ?? '').replace(/^["']|["']$/g, ''))
            // eslint-disable-next-line no-control-regex
            .replace(/[\s\u0000-\u001f]/g, '')
            .toLowerCase();
          if (!/^(https?:|mailto:)/.test(url)) problems.push(`${attr}="${url}"`);
        }
      }
      return '';
    },
  );
  if (/[<>]/.test(withoutTags)) problems.push('raw < or > left in text');
  return problems;
}
