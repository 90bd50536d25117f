import { removeReadingGlosses, type ReadingGloss } from '@shuangchuang/chinese-text';
import { isTag, isText, Text, type ChildNode, type Document, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

// The blocks of pasted HTML (after reducePastedHtml), to be cleaned like the lines of a text:
// the same parser sanitize-html uses (htmlparser2), so a block is what the sanitizer sees.

const BLOCK_TAGS = new Set(
  'section div p h2 h3 h4 h5 h6 blockquote pre ul ol li table thead tbody tr td th caption figure figcaption hr'.split(
    ' ',
  ),
);
// blocks whose text stands as a paragraph: dropped whole when debris or repeated
const PARAGRAPH_TAGS = new Set('p div h2 h3 h4 h5 h6 blockquote li pre'.split(' '));

export interface HtmlBlock {
  element: Element;
  /** the block's text (what a reader sees), lines joined */
  text: string;
  hasImage: boolean;
}

const hasBlockChild = (element: Element) =>
  element.children.some((child) => isTag(child) && BLOCK_TAGS.has(child.name));

function textNodesOf(node: ChildNode): Text[] {
  if (isText(node)) return [node];
  if (isTag(node)) return node.children.flatMap(textNodesOf);
  return [];
}

/** A pasted HTML body as a tree whose paragraph blocks can be read, cleaned and dropped. */
export class PastedHtml {
  private readonly document: Document;

  constructor(reducedHtml: string) {
    this.document = parseDocument(reducedHtml);
    this.flattenSections();
    this.settleListMarkers();
  }

  /** Word's list numbers as plain text, without the spaces that aligned them (一、 申报… → 一、申报…). */
  private settleListMarkers(): void {
    for (const marker of DomUtils.findAll(
      (e) => e.name === 'word-list-marker',
      this.document.children,
    )) {
      const number = DomUtils.textContent(marker).replace(/\s+/gu, '');
      DomUtils.replaceElement(marker, new Text(number));
    }
  }

  /**
   * WeChat nests <section>s (and Word wraps its page in one) for layout only: a section holding
   * blocks gives way to them, a section holding only text becomes a paragraph.
   */
  private flattenSections(): void {
    const sections = DomUtils.findAll((e) => e.name === 'section', this.document.children);
    // innermost first, so that a section's children are settled before it is looked at
    for (const section of sections.reverse()) {
      if (hasBlockChild(section)) {
        for (const child of [...section.children]) DomUtils.prepend(section, child);
        DomUtils.removeElement(section);
      } else section.name = 'p';
    }
  }

  /** Applies a rewrite to every text node (character-level rules that never span nodes). */
  rewriteText(rewrite: (text: string) => string): void {
    for (const node of textNodesOf(this.document as unknown as ChildNode))
      node.data = rewrite(node.data);
  }

  /** Paragraph blocks (no block inside them) in document order. */
  blocks(): HtmlBlock[] {
    return DomUtils.findAll(
      (e) => PARAGRAPH_TAGS.has(e.name) && !hasBlockChild(e),
      this.document.children,
    ).map((element) => ({
      element,
      text: DomUtils.textContent(element).replace(/\s+/g, ' ').trim(),
      hasImage: DomUtils.findOne((e) => e.name === 'img', element.children) !== null,
    }));
  }

  /** Removes reading glosses inside every text block, also where markup splits a word. */
  removeGlosses(): ReadingGloss[] {
    const removed: ReadingGloss[] = [];
    const containers = DomUtils.findAll(
      (e) => BLOCK_TAGS.has(e.name) && !hasBlockChild(e),
      this.document.children,
    );
    for (const container of containers) {
      for (let round = 0; round < 4; round++) {
        const nodes = textNodesOf(container);
        const { glosses } = removeReadingGlosses(nodes.map((n) => n.data).join(''));
        if (glosses.length === 0) break;
        removed.push(...glosses);
        let offset = 0;
        for (const node of nodes) {
          const start = offset;
          const end = offset + node.data.length;
          offset = end;
          let data = '';
          let at = start;
          for (const gloss of glosses) {
            if (gloss.end <= start || gloss.start >= end) continue;
            data += node.data.slice(at - start, Math.max(gloss.start, start) - start);
            at = Math.min(gloss.end, end);
          }
          node.data = data + node.data.slice(at - start);
        }
      }
    }
    return removed;
  }

  /** Drops a block, and the containers it leaves empty. */
  remove(element: Element): void {
    let node: Element | null = element;
    while (node) {
      const parent: Element | null = node.parent && isTag(node.parent) ? node.parent : null;
      DomUtils.removeElement(node);
      node = parent && parent.children.every((c) => isText(c) && !c.data.trim()) ? parent : null;
    }
  }

  html(): string {
    return DomUtils.getInnerHTML(this.document, { encodeEntities: 'utf8' }).trim();
  }
}
