import escapeStringRegexp from 'escape-string-regexp';

/**
 * Escapes every character with a meaning in a regular expression, for the rare place that
 * must build a $regex from user text (prefer search keys). The result matches `text` literally.
 */
export function escapeRegex(text: string): string {
  return escapeStringRegexp(String(text));
}
