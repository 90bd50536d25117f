import { normalizeText } from './normalize-text.js';

// After NFKC, （） are already (); these are the bracket forms NFKC leaves alone.
const OPEN_BRACKETS = /[[{【〔〖［〘]/g;
const CLOSE_BRACKETS = /[\]}】〕〗］〙]/g;
const QUOTES = /["'“”‘’「」『』《》〈〉]/g;
const DASHES = /[‐‑‒–—―−﹘﹣]+/g;
const MIDDLE_DOTS = /[·•・‧]/g;

/**
 * Key for matching organisation names written by different people: import rows against
 * registered carriers, operators against each other. Not for display.
 *
 * Chosen rules (all lossy on purpose):
 * - normalizeText: NFKC (full-width → ASCII), traditional → simplified;
 * - every whitespace removed (notices letter-space names: "科 技 部");
 * - every bracket form ( （ [ 【 〔 … unified to ASCII "(" and ")": 启迪之星（德州） = 启迪之星(德州);
 * - quotes and title marks (“” 「」 《》) and middle dots removed;
 * - dash variants unified to "-"; Latin letters lower-cased.
 * Legal-form suffixes (有限公司 vs 有限责任公司) are kept: they name different legal entities.
 */
export function normalizeOrganisationName(name: string): string {
  return normalizeText(name)
    .replace(/\s+/g, '')
    .replace(OPEN_BRACKETS, '(')
    .replace(CLOSE_BRACKETS, ')')
    .replace(QUOTES, '')
    .replace(MIDDLE_DOTS, '')
    .replace(DASHES, '-')
    .toLowerCase();
}
