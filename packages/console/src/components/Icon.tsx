// Icons as inline SVG (issue 13): a font glyph such as "⏸" renders as an empty box where the font lacks
// it (Debian's Chromium with DejaVu did), an SVG path draws the same everywhere. Sized in em so an icon
// follows the text beside it; coloured with currentColor; decorative (the text beside it says the same).
import type { ReactElement } from 'react';

export type IconName =
  | 'check'
  | 'cross'
  | 'warning'
  | 'circle'
  | 'lock'
  | 'pause'
  | 'positive'
  | 'negative'
  | 'undecided'
  | 'back'
  | 'battery'
  | 'dots';

const SHAPES: Record<IconName, ReactElement> = {
  check: <path d="M3 8.5l3.2 3.2L13 4.8" fill="none" stroke="currentColor" strokeWidth="2" />,
  cross: <path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" strokeWidth="2" />,
  warning: (
    <>
      <path d="M8 1.8L15 14.2H1z" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 6v4.2" stroke="currentColor" strokeWidth="1.6" />
      <circle cx="8" cy="12.2" r="0.9" fill="currentColor" />
    </>
  ),
  circle: <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" strokeWidth="1.5" />,
  lock: (
    <>
      <rect x="3" y="7" width="10" height="7.5" rx="1" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </>
  ),
  pause: (
    <>
      <rect x="3.5" y="2.5" width="3" height="11" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" fill="currentColor" />
    </>
  ),
  positive: <path d="M8 1.5L15 14H1z" fill="currentColor" />,
  negative: <circle cx="8" cy="8" r="6" fill="currentColor" />,
  undecided: (
    <circle
      cx="8"
      cy="8"
      r="5.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeDasharray="2.2 1.6"
    />
  ),
  battery: (
    <>
      <rect
        x="1.5"
        y="4.5"
        width="11.5"
        height="7"
        rx="1"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
      />
      <rect x="13.2" y="6.5" width="1.6" height="3" fill="currentColor" />
      <rect x="3" y="6" width="2.5" height="4" fill="currentColor" />
    </>
  ),
  dots: (
    <>
      <circle cx="3" cy="8" r="1.4" fill="currentColor" />
      <circle cx="8" cy="8" r="1.4" fill="currentColor" />
      <circle cx="13" cy="8" r="1.4" fill="currentColor" />
    </>
  ),
  back: <path d="M14 8H3M7 3.5L2.5 8 7 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" />,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      data-icon={name}
    >
      {SHAPES[name]}
    </svg>
  );
}
