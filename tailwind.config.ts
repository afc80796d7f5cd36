import type { Config } from 'tailwindcss';

// Design tokens; Tailwind 4 reads this file through `@config` in app/globals.css.
export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef2ff', 100: '#e0e7ff', 500: '#6366f1', 600: '#4f46e5', 700: '#4338ca', 900: '#1e1b4b' },
        ink: { DEFAULT: '#111827', muted: '#4b5563', faint: '#6b7280' },
        success: { 50: '#ecfdf5', 700: '#047857' },
        danger: { 50: '#fef2f2', 600: '#dc2626', 700: '#b91c1c' },
        warning: { 50: '#fffbeb', 800: '#92400e' },
      },
      fontFamily: { sans: ['ui-sans-serif', 'system-ui', 'sans-serif'] },
      borderRadius: { card: '0.75rem' },
    },
  },
} satisfies Config;
