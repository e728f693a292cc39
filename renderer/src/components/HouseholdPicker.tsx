import { useEffect, useId, useState, type KeyboardEvent, type Ref } from 'react';
import type { HouseholdRow } from '../../../main/api/contract';
import { api } from '../api/client';
import { useAlerts } from '../lib/alerts';

interface Props {
  /** Called with the chosen household (Enter or click). */
  onPick(row: HouseholdRow): void;
  onEscape?(): void;
  placeholder?: string;
  label: string;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}

const MAX_RESULTS = 12;

/**
 * Household search by 户主姓名 or ID fragment: type, ↑/↓, Enter picks.
 * Used in the top bar (opens the household) and in the inbox (files a page to it).
 */
export function HouseholdPicker({ onPick, onEscape, placeholder, label, inputRef, className }: Props) {
  const { report } = useAlerts();
  const listId = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<HouseholdRow[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const query = text.trim().slice(0, 50);
    if (!query) {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api
        .listHouseholds({ query })
        .then((rows) => {
          if (!live) return;
          setResults(rows.slice(0, MAX_RESULTS));
          setActive(0);
          setOpen(true);
        })
        .catch(report);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, report]);

  const pick = (row: HouseholdRow | undefined) => {
    if (!row) return;
    setOpen(false);
    setText('');
    setResults([]);
    onPick(row);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOpen(true);
      setActive((i) => (results.length === 0 ? 0 : (i + step + results.length) % results.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      pick(results[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText('');
      onEscape?.();
    } else {
      e.stopPropagation();
    }
  };

  const shown = open && text.trim().length > 0;
  return (
    <div className={`picker ${className ?? ''}`}>
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label={label}
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && results[active] ? `${listId}-${results[active]?.id}` : undefined}
        placeholder={placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {shown && (
        <ul className="picker-results" id={listId} role="listbox" aria-label={`${label}结果`}>
          {results.length === 0 && <li className="picker-empty">没有找到匹配的户，请换个姓名或身份证号片段</li>}
          {results.map((row, i) => (
            <li
              key={row.id}
              id={`${listId}-${row.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(row);
              }}
            >
              <span className="picker-name">{row.name}</span>
              <span className="mono">{row.household}</span>
              <span className="muted">
                {row.village}
                {row.status === '整户退出' ? ' · 已退出' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
