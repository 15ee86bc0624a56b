// The verdict badge's icon, words and style, apart from the component so it is tested without a browser.
import type { LiveState, Verdict } from '@openrgs/api';
import { isNotDetectable, verdictWording } from '@openrgs/counting';

/** The badge's icons (names of components/Icon.tsx, kept literal so this file needs no JSX). */
type IconName = 'positive' | 'negative' | 'undecided';

const VERDICT_VIEW: Record<Verdict, { icon: IconName; text: string }> = {
  positive: { icon: 'positive', text: 'POSITIVE' },
  negative: { icon: 'negative', text: 'NEGATIVE' },
  undecided: { icon: 'undecided', text: 'UNDECIDED' },
};

/**
 * Badge of a verdict: a negative at under 50 % confidence (the engine's warning `not-detectable`,
 * @openrgs/counting verdict-wording.ts) reads NOT DETECTABLE HERE in the undecided style — never the
 * calm colour of a negative, since a lesion at the asked T/B cannot be told from tissue here.
 */
export function verdictView(state: LiveState): { icon: IconName; text: string; className: string } {
  const notDetectable =
    state.verdict === 'negative' &&
    ((state.warnings ?? []).some((w) => w.code === 'not-detectable') ||
      isNotDetectable(state.verdict, state.confidencePercent == null ? null : state.confidencePercent / 100));
  if (notDetectable) {
    return { icon: 'undecided', text: verdictWording('negative', 0), className: 'verdict-not-detectable' };
  }
  return { ...VERDICT_VIEW[state.verdict], className: `verdict-${state.verdict}` };
}
