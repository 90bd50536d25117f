import sanitizeHtml from 'sanitize-html';

// The allowlist: text structure, links and images. Everything else (script, style, iframe,
// object, svg, form, event-handler and style attributes) is dropped; only http(s)/mailto links
// and http(s) images survive, so no javascript:, vbscript: or data: URL can be stored.
const TEXT_TAGS = [
  'p',
  'br',
  'hr',
  'div',
  'span',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'sub',
  'sup',
  'small',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'caption',
];
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: TEXT_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // dropped with their content, not unwrapped into text
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
    'template',
  ],
  disallowedTagsMode: 'discard',
  // Relative and scheme-less URLs mean nothing in a feed read elsewhere: absolute ones only.
  transformTags: {
    a: (tagName, attribs) => {
      const { href, ...rest } = attribs;
      const kept =
        href && (safeHttpUrl(href) ?? (/^mailto:/i.test(href.trim()) ? href : undefined));
      return {
        tagName,
        attribs: { ...rest, ...(kept && { href: kept }), rel: 'noopener noreferrer nofollow' },
      };
    },
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs;
      const kept = safeHttpUrl(src);
      return { tagName, attribs: { ...rest, ...(kept && { src: kept }) } };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** The body as it may be stored and shown: allowlisted tags and attributes only. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED).trim();
}

// Pasted HTML as staff bring it: WeChat public-account pages (section and span soup, inline
// styles, images in data-src, account cards) and Word (mso- styles, <o:p>, conditional
// comments, list markers in mso-list:Ignore spans). This profile keeps the structure only;
// what is left is cleaned block by block (import/pasted-html.ts) and sanitized like any body.
const PASTED: sanitizeHtml.IOptions = {
  // spans and <small> carry only looks; sections are flattened after (PastedHtml)
  allowedTags: [
    ...TEXT_TAGS.filter((tag) => tag !== 'span' && tag !== 'small'),
    'section',
    'word-list-marker',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  nonTextTags: [
    ...(ALLOWED.nonTextTags ?? []),
    'head',
    'title',
    'xml',
    'o:p',
    'rt',
    'rp',
    'mpprofile',
    'mp-common-profile',
    'mp-style-type',
    'mpvoice',
    'qqmusic',
  ],
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    // WeChat's <section> nests without meaning; Word wraps the page in <div class=WordSection1>
    div: (tagName, attribs) => ({
      tagName: /^WordSection\d*$/i.test(attribs.class ?? '') ? 'section' : tagName,
      attribs,
    }),
    // Word's title style is a heading
    p: (tagName, attribs) => ({
      tagName: /\bMso(Title|Heading\d?)\b/.test(attribs.class ?? '') ? 'h2' : tagName,
      attribs,
    }),
    // Word's list numbers (一、 1.) with their spacing; made text again by PastedHtml
    span: (tagName, attribs) => ({
      tagName: /mso-list\s*:\s*ignore/i.test(attribs.style ?? '') ? 'word-list-marker' : tagName,
      attribs,
    }),
    // WeChat loads images lazily: the address is in data-src, src is a placeholder
    img: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, src: safeHttpUrl(attribs['data-src']) ?? attribs.src ?? '' },
    }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !safeHttpUrl(frame.attribs.src),
};

/** Pasted WeChat or Word HTML reduced to its structure: no styles, classes, spans or Office markup. */
export function reducePastedHtml(html: string): string {
  return sanitizeHtml(html, PASTED).trim();
}

/** The text of a (sanitized) body, for search keys and mention finding. */
export function textOfHtml(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr)\b[^>]*>/gi, '$&\n'), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'noscript', 'iframe', 'template'],
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A URL for a cover image or a source link: http(s) only, or nothing. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
