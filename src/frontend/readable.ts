// Text that stays readable in the dark theme. MUI draws a disabled button's label at 30% white and an
// outlined chip's label in its colour's main shade; on Backstage's dark paper the error red is 2.7:1
// and disabled labels nearly vanish. Both are lifted to WCAG's 4.5:1 for normal text.
import { darken, getContrastRatio, lighten, type Theme } from '@mui/material/styles';
import type { ChipColor } from './labels';

export const MIN_CONTRAST = 4.5;

/** A disabled button keeps a readable label and a visible outline (the reason is shown next to it). */
export const READABLE_WHEN_DISABLED = {
  '&.Mui-disabled': { color: 'text.secondary', borderColor: 'text.disabled', bgcolor: 'action.disabledBackground' },
};

/**
 * The palette colour as text on the theme's paper (the darker background of the two in the light
 * theme, the lighter in the dark one): lightened in the dark theme, darkened in the light one, in
 * small steps until it reaches 4.5:1 against both backgrounds.
 */
export function readableColour(theme: Theme, colour: Exclude<ChipColor, 'default'>): string {
  const dark = theme.palette.mode === 'dark';
  const backgrounds = [theme.palette.background.paper, theme.palette.background.default];
  const main = theme.palette[colour].main;
  for (let step = 0; step <= 10; step++) {
    const candidate = step === 0 ? main : dark ? lighten(main, step / 10) : darken(main, step / 10);
    if (backgrounds.every(background => getContrastRatio(candidate, background) >= MIN_CONTRAST)) return candidate;
  }
  return theme.palette.text.primary;
}

/** sx of an outlined chip in a palette colour, with a readable label and outline in either theme. */
export function outlinedChipSx(colour: ChipColor) {
  if (colour === 'default') return {};
  return (theme: Theme) => {
    const text = readableColour(theme, colour);
    return { color: text, borderColor: text };
  };
}
