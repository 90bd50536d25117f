// Accessibility attributes on Taro components, for both platforms: WeChat reads aria-role /
// aria-label (Taro's ariaRole / ariaLabel), the H5 build's custom elements take role /
// aria-label as attributes. Spread the result on a View.
import type { ITouchEvent } from '@tarojs/components';

type Props = Record<string, unknown>;

const WEAPP = process.env.TARO_ENV === 'weapp';

/** role and aria-label in the attribute names each platform reads. */
function roleAndLabel(role: string, label?: string): Props {
  if (WEAPP) return { ariaRole: role, ...(label !== undefined && { ariaLabel: label }) };
  return { role, ...(label !== undefined && { 'aria-label': label }) };
}

/**
 * A View that acts as a button (a card, a chip): focusable, Enter and Space press it. Without a
 * label its text is its name (a card reads as what it shows).
 */
export function pressable(
  label: string | undefined,
  onPress: () => void,
  pressed?: boolean,
): Props {
  return {
    ...roleAndLabel('button', label),
    tabIndex: 0,
    ...(pressed !== undefined && { 'aria-pressed': pressed ? 'true' : 'false' }),
    onClick: (event?: ITouchEvent) => {
      event?.stopPropagation?.();
      onPress();
    },
    onKeyDown: (event: { key?: string; preventDefault?: () => void }) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault?.();
        onPress();
      }
    },
  };
}

/** A region or list with a name. */
export function labelled(role: string, label: string): Props {
  return roleAndLabel(role, label);
}

/** Hidden from screen readers (decoration, a mark repeated in the label). */
export const decorative: Props = { 'aria-hidden': 'true' };

/** Attributes for the native <input>/<textarea>/<img> inside Taro's H5 components. */
export function nativeLabel(label: string, required = false, invalid = false): Props {
  return {
    'aria-label': required ? `${label}（必填）` : label,
    ...(required && { 'aria-required': 'true' }),
    ...(invalid && { 'aria-invalid': 'true' }),
  };
}

/** Any other attributes (role, tabIndex, aria-*) the component types do not list. */
export function attrs(props: Props): Props {
  return props;
}
