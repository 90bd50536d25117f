import { textOfHtml } from '../../src/domain/html-sanitiser.js';

/** A body as a reader sees it: one entry per paragraph, spaces at the ends not counted. */
export function paragraphsOf(bodyHtml: string): string[] {
  return textOfHtml(bodyHtml)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
