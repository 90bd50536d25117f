import { normalizeText } from './normalize-text.js';

// The year of a document number in any bracket people type: [2020] 【2020】 (2020) 〔2020〕 ［2020］.
const BRACKETED_YEAR = /[[(【〔［〖]\s*((?:19|20)\d{2})\s*[\])】〕］〗]/g;

/**
 * Canonical form of an official document number (发文字号) such as 国科发区〔2020〕73号:
 * simplified characters, no spaces, the year in the standard 〔〕 brackets (GB/T 9704).
 */
export function normalizeDocumentNumber(documentNumber: string): string {
  return normalizeText(documentNumber).replace(/\s+/g, '').replace(BRACKETED_YEAR, '〔$1〕');
}
