import { useCallback, useEffect, useRef, useState } from 'react';
import { DIGIT_WAIT_MS, digitsChoice } from './itemKeys';

/**
 * Digit keys that pick numbered items: "3" picks item 3 at once when there
 * are fewer than 30, "1" "2" typed together pick 12, "1" alone picks 1 after a
 * short pause. `typed` shows what is waiting, for the hint.
 */
export function useDigitKeys(
  count: number,
  onPick: (key: number) => void,
): { press(digit: string): void; typed: string } {
  const [typed, setTyped] = useState('');
  const buffer = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  const clear = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    buffer.current = '';
    setTyped('');
  };

  const press = useCallback(
    (digit: string) => {
      if (timer.current) clearTimeout(timer.current);
      let digits = buffer.current + digit;
      let choice = digitsChoice(digits, count);
      // A digit that makes no item starts a new number instead.
      if (choice.key === null && buffer.current) {
        digits = digit;
        choice = digitsChoice(digits, count);
      }
      if (choice.key === null) return clear();
      if (!choice.wait) {
        clear();
        pick.current(choice.key);
        return;
      }
      buffer.current = digits;
      setTyped(digits);
      const key = choice.key;
      timer.current = setTimeout(() => {
        clear();
        pick.current(key);
      }, DIGIT_WAIT_MS);
    },
    [count],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { press, typed };
}
