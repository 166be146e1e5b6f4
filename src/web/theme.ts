// The colours of the screen on this device. Automatic follows the device: light or
// dark from its setting, and the outdoor theme when it asks for more contrast.
// Outdoor (black on white, heavy lines, larger text) is for sunlight; night (dim,
// red-shifted, no white) keeps eyes adjusted on a dark set. The choice stays on the device.
import { useSyncExternalStore } from 'react';
import { readText, writeText } from './storage.js';

export type ThemeChoice = 'auto' | 'outdoor' | 'night';

/** The choices in the order the account menu offers them; their words are in the layout catalogue. */
export const THEMES: readonly ThemeChoice[] = ['auto', 'outdoor', 'night'];

const KEY = 'setbook.theme';
const MORE_CONTRAST = '(prefers-contrast: more)';
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  const value = readText(KEY);
  return value === 'outdoor' || value === 'night' ? value : 'auto';
}

/** Sets <html data-theme>: `auto` leaves light or dark to the stylesheet's media queries. */
function apply(): void {
  const choice = stored();
  const moreContrast = typeof matchMedia === 'function' && matchMedia(MORE_CONTRAST).matches;
  document.documentElement.dataset.theme = choice === 'auto' && moreContrast ? 'outdoor' : choice;
}

/** Applies the device's theme before the first render, and again when the device's contrast setting changes. */
export function startTheme(): void {
  apply();
  if (typeof matchMedia === 'function') matchMedia(MORE_CONTRAST).addEventListener('change', apply);
}

export function chooseTheme(choice: ThemeChoice): void {
  writeText(KEY, choice);
  apply();
  for (const listener of listeners) listener();
}

/** The theme chosen on this device. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stored,
  );
}
