// Verdict for a recorded stream of frames at one site (what `rgs detect` does per stream): the frames go
// through the live engine as one site (no restart on steps or gaps) until the rule decides.
import { firstIssue } from '@openrgs/outcome';
import type { BackgroundInput, BackgroundIssue } from './background-model.js';
import type { DecisionConfig, Verdict } from './decision-rules.js';
import type { CountFrame } from './frame.js';
import type { FrameIssueCode } from './frame-check.js';
import { createLiveEngine } from './live-engine.js';
import type { SprtCalibrationCache } from './sprt-calibration.js';

export interface DetectOptions {
  /** Rules 'ratio' and 'k-sigma' without countSeconds count over the whole stream. */
  decision: DecisionConfig;
  background: BackgroundInput;
  calibrations?: SprtCalibrationCache;
}

export interface DetectResult {
  verdict: Verdict;
  /** Seconds from the stream's first frame start to the end of the deciding frame; null when undecided. */
  decisionSeconds: number | null;
  /** Rate and T/B at the site when decided (else at the end of the stream), counts per second. */
  rateCps: number;
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  /** Probability (percent) that the verdict is right under the whole background model; null when undecided. */
  confidencePercent: number | null;
  /** True when the background has fewer sites than the spread seen asks for. */
  provisional: boolean;
  /** Coded warnings about the background (code background-outlier names the site). */
  warnings: BackgroundIssue[];
  evidence: string;
  frames: number;
  gapSeconds: number;
}

/** Percent with one decimal, rounded down so that the statement never claims more than computed. */
function percentDown(p: number | null): number | null {
  return p === null ? null : Math.floor(p * 1000) / 10;
}

export type DetectOutcome =
  | { ok: true; result: DetectResult }
  | { ok: false; frameIndex: number; code: FrameIssueCode | 'background-invalid'; message: string };

export function detectStream(frames: CountFrame[], options: DetectOptions): DetectOutcome {
  if (frames.length === 0) throw new RangeError('detectStream needs at least one frame');
  const decision = { ...options.decision };
  if ((decision.rule === 'ratio' || decision.rule === 'k-sigma') && decision.countSeconds === undefined) {
    decision.countSeconds = frames.reduce((a, f) => a + (f.liveTimeSeconds ?? f.durationSeconds), 0);
  }
  const engine = createLiveEngine({
    decision,
    restartOnChange: false,
    restartAfterGapSeconds: Number.POSITIVE_INFINITY,
    // A recorded stream is judged against exactly the rates asked (no shared-calibration grid).
    hypothesisGrid: 1e-9,
    ...(options.calibrations ? { calibrations: options.calibrations } : {}),
  });
  const bg = engine.setBackground(options.background);
  if (bg && !bg.ok)
    return { ok: false, frameIndex: -1, code: 'background-invalid', message: firstIssue(bg.issues).message };
  const firstStart = frames[0]!.startSeconds;
  let gapSeconds = 0;
  let decided: DetectResult | null = null;
  let last = null;
  // Every frame is checked, also after the decision: a file with a broken frame is refused whole.
  for (const [index, frame] of frames.entries()) {
    const s = engine.push(frame);
    if (s.frameStatus === 'rejected' && s.frameIssue) {
      return { ok: false, frameIndex: index, code: s.frameIssue.code, message: s.frameIssue.message };
    }
    gapSeconds += s.gapSeconds;
    last = s;
    if (decided === null && s.verdict !== 'undecided') {
      decided = {
        verdict: s.verdict,
        // Rounded to the nanosecond so float sums of frame times print cleanly (0.3, not 0.30000000000000004).
        decisionSeconds: Number((frame.startSeconds + frame.durationSeconds - firstStart).toFixed(9)),
        rateCps: s.site.rateCps,
        ratio: s.site.ratio,
        ratioLow: s.site.ratioLow,
        ratioHigh: s.site.ratioHigh,
        confidencePercent: percentDown(s.confidence),
        provisional: s.provisional,
        warnings: s.warnings,
        evidence: s.evidence,
        frames: index + 1,
        gapSeconds: 0,
      };
    }
  }
  if (decided !== null) return { ok: true, result: { ...decided, gapSeconds } };
  const s = last!;
  return {
    ok: true,
    result: {
      verdict: 'undecided',
      decisionSeconds: null,
      rateCps: s.site.rateCps,
      ratio: s.site.ratio,
      ratioLow: s.site.ratioLow,
      ratioHigh: s.site.ratioHigh,
      confidencePercent: null,
      provisional: s.provisional,
      warnings: s.warnings,
      evidence: s.evidence,
      frames: frames.length,
      gapSeconds,
    },
  };
}
