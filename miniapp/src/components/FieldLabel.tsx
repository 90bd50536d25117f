import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { attrs, decorative } from './a11y';

/** A form field: its label (with * when required), the control, a hint and the error. */
export function Field({
  label,
  required = false,
  hint,
  error,
  children,
}: {
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <View className="field">
      <Text className="label">
        {label}
        {required ? (
          <Text className="required" {...decorative}>
            *
          </Text>
        ) : null}
      </Text>
      {children}
      {hint ? <Text className="hint">{hint}</Text> : null}
      {error ? (
        <Text className="field-error" {...attrs({ role: 'alert' })}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}
