// Accessibility attributes on Taro components, for both platforms: WeChat reads aria-role /
// aria-label (Taro's ariaRole / ariaLabel), the H5 build's custom elements take role /
// aria-label as attributes. Spread the result on a View.
import type { ITouchEvent } from '@tarojs/components';

type Props = Record<string, unknown>;

/** A View that acts as a button (a card, a chip): focusable, named, Enter and Space press it. */
export function pressable(label: string, onPress: () => void, pressed?: boolean): Props {
  return {
    role: 'button',
    ariaRole: 'button',
    'aria-label': label,
    ariaLabel: label,
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
  return { role, ariaRole: role, 'aria-label': label, ariaLabel: label };
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
