import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/** The console's look: one accent, calm greys, system fonts; every text colour meets WCAG AA contrast. */
export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 keeps white text on buttons and links on white above 4.5:1.
  primaryShade: 7,
  defaultRadius: 'md',
  fontFamily: 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, radius: 'md', closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    // Mantine's notification text is gray.6 (3.3:1 on white): one step darker.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    },
    // The placeholder Mantine focuses first in an open menu is an unnamed focusable element.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // A link inside a sentence must not rely on colour alone (WCAG 1.4.1).
    Anchor: { defaultProps: { underline: 'always' } },
  },
});

/** Dimmed and error text one step darker than Mantine's defaults, for contrast on white and gray.0. */
export const cssVariablesResolver: CSSVariablesResolver = (current) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': current.colors.gray[7],
    '--mantine-color-error': current.colors.red[8],
  },
  dark: {},
});
