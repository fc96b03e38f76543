import { getContrastRatio } from '@mui/material/styles';
import { themes } from '@backstage/theme';
import type { Theme } from '@mui/material/styles';
import { MIN_CONTRAST, outlinedChipSx, readableColour, READABLE_WHEN_DISABLED } from '../../src/frontend/readable';
import { APPLICABILITY_COLORS } from '../../src/frontend/labels';

const dark = themes.dark.getTheme('v5') as Theme;
const light = themes.light.getTheme('v5') as Theme;
const backgroundsOf = (theme: Theme) => [theme.palette.background.paper, theme.palette.background.default];

describe('readable text in the Backstage themes', () => {
  it("the dark theme's own error red would not be readable on its paper: the reason for lifting it", () => {
    expect(getContrastRatio(dark.palette.error.main, dark.palette.background.paper)).toBeLessThan(MIN_CONTRAST);
  });

  for (const [name, theme] of [['dark', dark], ['light', light]] as const) {
    it(`every chip colour of the table reaches 4.5:1 on both backgrounds of the ${name} theme`, () => {
      for (const colour of new Set(Object.values(APPLICABILITY_COLORS))) {
        if (colour === 'default') continue;
        const text = readableColour(theme, colour);
        for (const background of backgroundsOf(theme)) {
          expect(getContrastRatio(text, background), `${colour} ${text} on ${background}`).toBeGreaterThanOrEqual(MIN_CONTRAST);
        }
      }
    });

    it(`a disabled button's label reaches 4.5:1 in the ${name} theme (MUI's default is 30% of the text colour)`, () => {
      expect(READABLE_WHEN_DISABLED['&.Mui-disabled'].color).toBe('text.secondary');
      const label = theme.palette.text.secondary;
      for (const background of backgroundsOf(theme)) {
        expect(getContrastRatio(blend(label, background), background)).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(getContrastRatio(blend(theme.palette.action.disabled, background), background)).toBeLessThan(MIN_CONTRAST);
      }
    });
  }

  it('an outlined chip draws label and outline in the readable colour', () => {
    const sx = outlinedChipSx('error') as (theme: Theme) => { color: string; borderColor: string };
    expect(sx(dark)).toEqual({ color: readableColour(dark, 'error'), borderColor: readableColour(dark, 'error') });
    expect(outlinedChipSx('default')).toEqual({});
  });
});

/** A CSS colour with alpha (rgba) as drawn on an opaque background, in #rrggbb. */
function blend(colour: string, background: string): string {
  const rgba = colour.match(/[\d.]+/g)!.map(Number);
  const [r, g, b, alpha = 1] = colour.startsWith('#') ? [...hex(colour), 1] : rgba;
  const under = hex(background);
  const mix = [r, g, b].map((c, i) => Math.round(alpha * c + (1 - alpha) * under[i]));
  return `#${mix.map(c => c.toString(16).padStart(2, '0')).join('')}`;
}

function hex(colour: string): number[] {
  const h = colour.replace('#', '');
  const full = h.length === 3 ? [...h].map(c => c + c).join('') : h;
  return [0, 2, 4].map(i => parseInt(full.slice(i, i + 2), 16));
}
