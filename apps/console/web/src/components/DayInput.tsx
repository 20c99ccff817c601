import { CloseButton, TextInput, type TextInputProps } from '@mantine/core';
import { localDay } from '../dates';

/**
 * A day picker: the browser's own date field, which every platform makes accessible and which
 * phones open with their native picker. Its value is "YYYY-MM-DD", or `''` for none.
 */
export function DayInput({ value, onChange, clearable = true, allowPast = false, label, ...props }: Omit<TextInputProps, 'value' | 'onChange' | 'type'> & {
  value: string;
  onChange: (day: string) => void;
  /** Offers a button that empties the field. @default true */
  clearable?: boolean;
  /** Lets the picker offer days before today. @default false */
  allowPast?: boolean;
}) {
  return (
    <TextInput
      type="date"
      label={label}
      value={value}
      min={allowPast ? undefined : localDay(new Date())}
      onChange={(event) => onChange(event.currentTarget.value)}
      rightSection={clearable && value !== '' && !props.disabled
        ? <CloseButton size="sm" aria-label={typeof label === 'string' ? `Clear: ${label}` : 'Clear the date'} onClick={() => onChange('')} />
        : undefined}
      rightSectionPointerEvents="all"
      {...props}
    />
  );
}
