import { Picker, Text, View } from '@tarojs/components';
import { optionText, type PickerOption } from '../features/discover/search';
import { attrs } from './a11y';

/** One filter as a row: its name, the value chosen, and a picker of the options with counts. */
export function FilterPicker({
  name,
  label,
  options,
  value,
  disabled = false,
  disabledText,
  onChange,
}: {
  name: string;
  label: string;
  options: PickerOption[];
  value: string;
  disabled?: boolean;
  disabledText?: string;
  onChange: (value: string) => void;
}) {
  const index = Math.max(
    0,
    options.findIndex((option) => option.value === value),
  );
  const chosen = options[index];
  const shown = disabled ? (disabledText ?? '不限') : chosen ? optionText(chosen) : '不限';
  const row = (
    <View
      className={`filter-row filter-${name}`}
      {...attrs({
        role: 'button',
        'aria-label': `${label}：${shown}${disabled ? '' : '，点按选择'}`,
        'aria-disabled': disabled ? 'true' : 'false',
        tabIndex: disabled ? -1 : 0,
      })}
    >
      <Text className="filter-label" aria-hidden="true">
        {label}
      </Text>
      <Text
        className={value && !disabled ? 'filter-value filter-value-on' : 'filter-value'}
        aria-hidden="true"
      >
        {shown} ›
      </Text>
    </View>
  );
  if (disabled) return row;
  return (
    <Picker
      className="filter-picker"
      mode="selector"
      range={options.map(optionText)}
      value={index}
      onChange={(event) => onChange(options[Number(event.detail.value)]?.value ?? '')}
    >
      {row}
    </Picker>
  );
}
