import { Button as TaroButton, type ButtonProps } from '@tarojs/components';

type Props = ButtonProps & {
  'aria-label'?: string;
  'aria-pressed'?: string;
  'aria-expanded'?: string;
  'aria-busy'?: string;
};

/**
 * Taro's Button with a button's semantics in the H5 build too: there it is a custom element
 * that screen readers and the keyboard do not know as a button, and that treats any disabled
 * attribute (even "false") as disabled. WeChat's own button needs none of this.
 */
export function Button({ disabled = false, children, onClick, ...props }: Props) {
  if (process.env.TARO_ENV !== 'h5') {
    return (
      <TaroButton {...props} disabled={disabled} onClick={onClick}>
        {children}
      </TaroButton>
    );
  }
  const press = () => {
    if (!disabled) onClick?.({} as never);
  };
  const web: Record<string, unknown> = {
    role: 'button',
    tabIndex: disabled ? -1 : 0,
    'aria-disabled': disabled ? 'true' : 'false',
    onKeyDown: (event: { key?: string; preventDefault?: () => void }) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault?.();
        press();
      }
    },
  };
  return (
    <TaroButton {...props} {...(disabled && { disabled: true })} {...web} onClick={onClick}>
      {children}
    </TaroButton>
  );
}
