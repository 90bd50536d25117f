import type { FoundField } from '../domain/import-report.js';
import { findMetadata, MAX_TITLE_CHARS } from './article-metadata.js';
import { DocumentFormatError } from './front-matter-document.js';
import { cleanPastedText, CleanupLog } from './import-cleaning.js';
import {
  fieldsOfMetadata,
  foundField,
  paragraphHtml,
  summaryFrom,
  type ImportedDocument,
} from './imported-document.js';

// Lines that end the article on pages copied from news sites (seed 004) or government portals
// (seed 003): copyright notes, recommendations, share buttons, QR-code hints.
const FOOTER =
  /^(版权声明|精彩推荐|相关新闻|相关阅读|关注我们|分享到|扫码使用手机浏览|【责任编辑|责任编辑[:：]|即时播报)/;
const BREADCRUMB = /^(您当前的位置|当前位置|您的位置)/;
const SOURCE = /来源\s*[:：]\s*([^\s|｜]+)/;
const EDITOR = /(?:责任)?编辑\s*[:：]\s*([^\s|｜]+)/;
const AUTHOR = /(?:作者\s*[:：]\s*|记者\s+)([^\s|｜，,]{2,10})/;
// 2021-07-29, 21-10-19 10:21, 2021/7/29, 2021年7月29日 09:30
const DATE =
  /(?<![\d〔[])(\d{4}|\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?:\s+(\d{1,2})[:：](\d{2}))?/;
const DOCUMENT_NUMBER = /〔\d{4}〕\s*\d+\s*号/;
// the office that issued a notice: a short line naming an organisation
const ISSUER = /^[\u4e00-\u9fff（）()]{4,30}(办公室|政府|委员会|管委会|局|厅|部|中心|院|协会)$/;

function cleanLines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((line) => line.replace(/[\u00a0\u3000\t]/g, ' ').trim())
    .filter((line) => line.length > 0);
}

/** A date written in Beijing time (dates alone are taken at midnight there). */
export function beijingDateOf(text: string): Date | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0'] = match;
  const year = y!.length === 2 ? 2000 + Number(y) : Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59)
    return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, Number(h) - 8, Number(mi)));
  // 2021-02-30 rolls over into March: not a date
  const beijing = new Date(date.getTime() + 8 * 3600_000);
  return beijing.getUTCDate() === day ? date : undefined;
}

/** The title of a notice: from 关于… to the line with 通知 (or before the document number). */
function noticeTitle(lines: string[]): { title: string; end: number } | undefined {
  const start = lines.findIndex((line, i) => i < 12 && line.startsWith('关于'));
  if (start < 0) return undefined;
  const parts: string[] = [];
  let end = start;
  for (let i = start; i < Math.min(lines.length, start + 4); i++) {
    const line = lines[i]!;
    if (DOCUMENT_NUMBER.test(line)) break;
    parts.push(line.replace(/\s+/g, ''));
    end = i;
    if (/通知$|决定$|意见$|办法$|方案$/.test(parts.join('')) && i > start) break;
    // a title that is complete on its line, or a sentence after it: not joined with what follows
    if (/(报告|通报|公告|公示|批复|函|规定|细则|请示|总结)$/.test(line) || /[。；：:]$/.test(line))
      break;
  }
  let title = parts.join('');
  // Portals often drop the closing 》的 before 通知 when they break the title over lines.
  const open = (title.match(/《/g) ?? []).length;
  const close = (title.match(/》/g) ?? []).length;
  if (open > close) title = title.replace(/(的?)(通知|决定|意见)$/, '》的$2');
  return { title, end };
}

/**
 * A plain-text document with source and date lines: a news page (seed 004: title, then
 * `21-10-19 10:21 来源:中国甘肃网-甘肃日报 编辑:张玉芳`) or a government notice (seed 003: issuing
 * office, 关于…通知 title, document number, date under the signature); any other text gets its
 * title, date, source and author from findMetadata. The text is cleaned first (cleanPastedText).
 */
export function parsePlainTextDocument(content: string, log = new CleanupLog()): ImportedDocument {
  const all = cleanLines(cleanPastedText(content, log));
  const footer = all.findIndex((line) => FOOTER.test(line));
  const lines = (footer >= 0 ? all.slice(0, footer) : all).filter((line) => !BREADCRUMB.test(line));
  if (lines.length === 0) throw new DocumentFormatError('the document has no text');

  const metaIndex = lines.findIndex((line, i) => i < 15 && SOURCE.test(line));
  if (metaIndex > 0) {
    const meta = lines[metaIndex]!;
    const rest = lines.slice(metaIndex + 1);
    const bodyLines = rest.filter((line) => !/^原标题\s*[:：]/.test(line));
    const authorLine = rest.slice(0, 6).find((line) => AUTHOR.test(line));
    const author = AUTHOR.exec(meta)?.[1] ?? (authorLine ? AUTHOR.exec(authorLine)![1] : undefined);
    // a source line without a date: the date the text gives (findMetadata's rules)
    const dated = beijingDateOf(meta);
    const publishedAt = dated ?? findMetadata(lines).publishedAt?.value;
    const editor = EDITOR.exec(meta)?.[1];
    const fields: FoundField[] = [
      ...foundField('title', lines[metaIndex - 1], 'layout', 'line-before-source-line'),
      ...foundField('source.outlet', SOURCE.exec(meta)![1], 'labelled-line', '来源'),
      ...foundField('source.editor', editor, 'labelled-line', '编辑'),
      ...foundField('source.author', author, 'text', '记者 line'),
      ...foundField(
        'publishedAt',
        publishedAt,
        dated ? 'labelled-line' : 'text',
        dated ? 'source-line' : 'date-in-text',
      ),
    ];
    return {
      fields,
      title: lines[metaIndex - 1]!,
      summary: summaryFrom(
        bodyLines.filter((line) => line.length > 20 && line !== authorLine).join(''),
      ),
      bodyHtml: bodyLines.map(paragraphHtml).join(''),
      source: {
        outlet: SOURCE.exec(meta)![1],
        ...(EDITOR.exec(meta) && { editor: EDITOR.exec(meta)![1] }),
        ...(author && { author }),
      },
      tags: [],
      publishedAt,
    };
  }

  const notice = noticeTitle(lines);
  const issuer = ISSUER.test(lines[0]!) ? lines[0] : undefined;
  if (notice) {
    const bodyLines = lines.slice(notice.end + 1);
    const dateLine = lines
      .slice(0, 40)
      .find((line) => /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/.test(line));
    const publishedAt = dateLine ? beijingDateOf(dateLine) : undefined;
    return {
      fields: [
        ...foundField('title', notice.title, 'layout', 'notice-title'),
        ...foundField('source.outlet', issuer, 'layout', 'issuing-office'),
        ...foundField('publishedAt', publishedAt, 'text', 'first-date'),
      ],
      title: notice.title,
      summary: summaryFrom(bodyLines.filter((line) => line.length > 20).join('')),
      bodyHtml: bodyLines.map(paragraphHtml).join(''),
      source: { ...(issuer && { outlet: issuer }) },
      tags: [],
      publishedAt,
    };
  }

  // Anything else: the office that issued it (first line), then what the text says of itself.
  const rest = issuer ? lines.slice(1) : lines;
  const found = findMetadata(rest);
  const title = found.title!;
  const bodyStart = title.rule === 'first-clause' ? 0 : title.line + 1;
  const bodyLines = rest.filter((_, i) => i >= bodyStart && !found.consumed.has(i));
  const outlet = found.outlet?.value ?? issuer;
  return {
    fields: [
      ...fieldsOfMetadata(found),
      ...(found.outlet ? [] : foundField('source.outlet', issuer, 'layout', 'issuing-office')),
    ],
    title: [...title.value]
      .slice(0, title.rule === 'first-clause' ? MAX_TITLE_CHARS : 200)
      .join(''),
    summary: summaryFrom(bodyLines.filter((line) => line.length > 20).join('')),
    bodyHtml: bodyLines.map(paragraphHtml).join(''),
    source: {
      ...(outlet && { outlet }),
      ...(found.author && { author: found.author.value }),
      ...(found.editor && { editor: found.editor.value }),
    },
    tags: [],
    publishedAt: found.publishedAt?.value,
  };
}
