import { useEffect, useState } from 'react';
import { parseDateInput, showDate } from '../lib/dates';

interface Props {
  /** YYYY-MM-DD, or '' for none. */
  value: string;
  onChange(value: string): void;
  'aria-label'?: string;
  required?: boolean;
}

/**
 * A date field that reads and shows 2025-08-03 whatever the locale (a
 * type="date" input follows the browser's locale). Accepts 2025-8-3,
 * 2025/8/3 and 2025年8月3日 too; says so when the text is no date.
 */
export function DateInput({ value, onChange, required, 'aria-label': label }: Props) {
  const [text, setText] = useState(showDate(value));
  useEffect(() => {
    setText((typed) => (parseDateInput(typed) === value || (typed === '' && value === '') ? typed : showDate(value)));
  }, [value]);
  const wrong = text.trim() !== '' && parseDateInput(text) === null;
  return (
    <input
      className={wrong ? 'date-input invalid' : 'date-input'}
      value={text}
      inputMode="numeric"
      placeholder="例如 2025-08-03"
      aria-label={label}
      aria-invalid={wrong}
      title={wrong ? '请按 2025-08-03 或 2025年8月3日 填写日期' : undefined}
      required={required}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') onChange('');
        else {
          const iso = parseDateInput(e.target.value);
          if (iso) onChange(iso);
        }
      }}
      onBlur={() => {
        const iso = parseDateInput(text);
        if (iso) setText(iso);
      }}
    />
  );
}
