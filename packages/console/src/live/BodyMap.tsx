// Demo mode: the virtual patient seen from the front (coronal plane, cm; the patient's left on the
// viewer's right). Moving the mouse over it — or the arrow keys when it has focus — moves the simulated
// probe over the survey plane; the server's simulator turns the pose into counts, so a new user can run a
// whole case without hardware. The scenario's suggested background sites are drawn as hollow squares
// B1…Bn (sky blue; the next one to count, while fewer than SUGGESTED_BACKGROUND_SITES are recorded, in
// yellow with a double outline — shape and outline tell them apart without colour). The open case's lesions
// that have a pre-op position are drawn where that position projects on the coronal plane, as labelled
// reddish-purple diamonds — the 3D view's octahedra seen from the front (docs/map.md).
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';

/** Pose updates at most this often (the simulator steps at 20 Hz). */
const SEND_INTERVAL_MS = 40;
const PAD_CM = 1;

const TISSUE_FILL: Record<string, string> = {
  liver: '#5b3a2e',
  spleen: '#5a2d4a',
  kidneys: '#4a3b5e',
  adrenals: '#4f4a66',
  pancreas: '#5e5630',
  'small-bowel': '#2f4a3a',
  colon: '#294238',
  'blood-pool': '#5a2a2a',
  'urinary-bladder': '#2e4a5e',
};

/** Counting background at this many suggested sites makes the threshold tight enough (docs/console-needs.md). */
export const SUGGESTED_BACKGROUND_SITES = 5;
/** Half the side of a background-site square, cm. */
const SITE_HALF_CM = 0.9;

/** What the live view tells the body map about background, and how the map hands back the scenario's advice. */
export interface BackgroundGuide {
  /** Background sites recorded in the open case; null without a case (nothing is highlighted then). */
  recorded: number | null;
  /** Called with the body map's backgroundAdvice (null when the scenario gives none). */
  onAdvice: (advice: string | null) => void;
}
export const BackgroundGuideContext = createContext<BackgroundGuide>({ recorded: null, onAdvice: () => {} });

/**
 * Index of the suggested site to count next: sites are suggested in order, so the (recorded + 1)-th;
 * null once SUGGESTED_BACKGROUND_SITES are recorded, every suggested site is used, or there is no case.
 */
export function nextSuggestedSite(recorded: number | null, siteCount: number): number | null {
  if (recorded === null || recorded >= SUGGESTED_BACKGROUND_SITES || recorded >= siteCount) return null;
  return Math.max(0, recorded);
}

/**
 * Pre-op markers of the case: Okabe & Ito's reddish purple (#CC79A7), as the 3D view's octahedra (MapView3D
 * CASE_MARKER_COLOUR) — a diamond with its label, never colour alone.
 */
export const PREOP_MARKER_COLOUR = '#cc79a7';
/** A lesion recorded without a size is drawn this wide (a glyph, not a size), cm — as in the 3D view. */
const UNSIZED_MARKER_CM = 0.8;

/** A lesion of the open case with its pre-op position (patient frame, cm: +x left, +y head, +z anterior). */
export interface PreopMarker {
  id: string;
  label: string;
  positionCm: readonly [number, number, number];
  sizeMm: number | null;
}

/** The case's lesions that have a pre-op position, as body-map markers (in the case's order). */
export function preopMarkersOf(
  lesions: readonly {
    id: string;
    label: string;
    preopPositionCm?: readonly number[] | null;
    sizeMm: number | null;
  }[],
): PreopMarker[] {
  const out: PreopMarker[] = [];
  for (const l of lesions) {
    const p = l.preopPositionCm;
    if (p?.length !== 3) continue;
    out.push({
      id: l.id,
      label: l.label,
      positionCm: [p[0] as number, p[1] as number, p[2] as number],
      sizeMm: l.sizeMm,
    });
  }
  return out;
}

interface Point2 {
  xCm: number;
  yCm: number;
}

export function BodyMap({
  stationId,
  preopMarkers = [],
}: {
  stationId: string;
  /** The open case's lesions with a pre-op position (none on a station page without a case). */
  preopMarkers?: readonly PreopMarker[];
}) {
  const map = useAsync(() => api.bodyMap(stationId), [stationId]);
  const [probe, setProbe] = useState<Point2 | null>(null);
  const [showLesions, setShowLesions] = useState(false);
  const [lifted, setLifted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const pending = useRef<api.ProbePose | null>(null);
  const inFlight = useRef(false);
  const lastSent = useRef(0);
  // The probe marker from the first paint: where the simulated probe is now, until the mouse moves it.
  useEffect(() => {
    let live = true;
    api.probePose(stationId).then(
      (pose) => {
        if (live)
          setProbe(
            (current) => current ?? { xCm: round(pose.positionCm[0]), yCm: round(pose.positionCm[1]) },
          );
      },
      () => undefined, // a station without a pose draws no marker; moving the mouse still works
    );
    return () => {
      live = false;
    };
  }, [stationId]);
  const guide = useContext(BackgroundGuideContext);
  const { onAdvice } = guide;
  const advice = map.data?.backgroundAdvice ?? null;
  useEffect(() => {
    onAdvice(advice);
    return () => onAdvice(null);
  }, [advice, onAdvice]);

  // What the server has acknowledged, on the map element (outside React's render, which these refs do not
  // drive): data-pose-busy while a pose waits or is on its way, data-acknowledged-pose "x,y" (cm) after.
  // A user sees the marker; scripts and tests read these to know when the probe has really moved.
  const acknowledged = useRef<api.ProbePose | null>(null);
  const markPose = useCallback(() => {
    const svg = svgRef.current;
    if (!svg) return;
    svg.dataset.poseBusy = String(pending.current !== null || inFlight.current);
    const pose = acknowledged.current;
    if (pose) svg.dataset.acknowledgedPose = `${pose.positionCm[0]},${pose.positionCm[1]}`;
  }, []);

  const flush = useCallback(() => {
    const next = pending.current;
    markPose();
    if (!next || inFlight.current) return;
    const wait = SEND_INTERVAL_MS - (performance.now() - lastSent.current);
    if (wait > 0) {
      setTimeout(flush, wait);
      return;
    }
    pending.current = null;
    inFlight.current = true;
    lastSent.current = performance.now();
    api
      .setProbePose(stationId, next)
      .then(() => {
        setError(null);
        acknowledged.current = next;
      })
      .catch((reason: unknown) => setError(errorText(reason)))
      .finally(() => {
        inFlight.current = false;
        markPose();
        if (pending.current) flush();
      });
  }, [stationId, markPose]);

  const data = map.data;
  const move = useCallback(
    (point: Point2) => {
      if (!data) return;
      const { xMin, xMax, yMin, yMax } = data.boundsCm;
      const clamped = { xCm: round(clamp(point.xCm, xMin, xMax)), yCm: round(clamp(point.yCm, yMin, yMax)) };
      setProbe(clamped);
      pending.current = {
        positionCm: [clamped.xCm, clamped.yCm, data.surveyPlaneZCm],
        direction: data.probeDirection,
      };
      flush();
    },
    [data, flush],
  );

  if (map.error) return <p className="small muted">Body map unavailable: {map.error}</p>;
  if (!data) return <p className="small muted">Loading the virtual patient…</p>;
  const { xMin, xMax, yMin, yMax } = data.boundsCm;
  const width = xMax - xMin + 2 * PAD_CM;
  const height = yMax - yMin + 2 * PAD_CM;
  // SVG y grows downwards; the patient's head (larger yCm) is drawn at the top.
  const toSvg = (x: number, y: number) => [x - xMin + PAD_CM, yMax - y + PAD_CM] as const;
  const path = (points: readonly (readonly [number, number])[]) =>
    `${points.map((p, i) => `${i === 0 ? 'M' : 'L'}${toSvg(p[0], p[1]).join(' ')}`).join(' ')} Z`;

  function onPointer(event: React.PointerEvent<SVGSVGElement>) {
    const svg = svgRef.current;
    const matrix = svg?.getScreenCTM();
    if (!svg || !matrix) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    move({ xCm: point.x + xMin - PAD_CM, yCm: yMax + PAD_CM - point.y });
  }

  function onKey(event: React.KeyboardEvent<SVGSVGElement>) {
    const step = event.shiftKey ? 2 : 0.5;
    const start = probe ?? { xCm: 0, yCm: 0 };
    const delta: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const d = delta[event.key];
    if (!d) return;
    event.preventDefault();
    move({ xCm: start.xCm + d[0], yCm: start.yCm + d[1] });
  }

  const marker = probe ? toSvg(probe.xCm, probe.yCm) : null;
  const sites = data.backgroundSites ?? [];
  const next = nextSuggestedSite(guide.recorded, sites.length);
  const nextSite = next === null ? undefined : sites[next];
  return (
    <section className="panel body-map" aria-label="Virtual patient (demo mode)">
      <h3>Virtual patient — move the probe</h3>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${width} ${height}`}
        role="application"
        aria-label="Body map. Move the mouse, or use the arrow keys (Shift for bigger steps), to move the simulated probe."
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the map is a keyboard-operable control in demo mode.
        tabIndex={0}
        onPointerMove={onPointer}
        onPointerDown={onPointer}
        onKeyDown={onKey}
        data-testid="body-map"
        data-min-x-cm={xMin}
        data-max-y-cm={yMax}
        data-pad-cm={PAD_CM}
      >
        {data.outlineCm && (
          <path d={path(data.outlineCm)} fill="#1d232b" stroke="#aab4c0" strokeWidth={0.3} />
        )}
        {data.organs.flatMap((organ) =>
          organ.parts.map((part) => (
            <path
              key={`${organ.tissue}@${part.polygonCm[0]?.join(',') ?? ''}`}
              d={path(part.polygonCm)}
              fill={TISSUE_FILL[organ.tissue] ?? '#3a4350'}
              fillOpacity={0.85}
              stroke="#6b7480"
              strokeWidth={0.15}
            >
              <title>{organ.label}</title>
            </path>
          )),
        )}
        {showLesions &&
          data.lesions.map((lesion) => {
            const [x, y] = toSvg(lesion.xCm, lesion.yCm);
            return (
              <g key={lesion.id}>
                <circle
                  cx={x}
                  cy={y}
                  r={Math.max(0.6, lesion.diameterCm / 2)}
                  fill="none"
                  stroke="#e69f00"
                  strokeWidth={0.3}
                />
                <text x={x + 1.2} y={y + 0.5} fontSize={1.6} fill="#e69f00">
                  {lesion.label.length > 16 ? `${lesion.label.slice(0, 15)}…` : lesion.label}
                  <title>{`${lesion.label}, ${lesion.diameterCm} cm, ${lesion.depthBelowSurfaceCm} cm deep`}</title>
                </text>
              </g>
            );
          })}
        {sites.map((site, index) => {
          const [x, y] = toSvg(site.xCm, site.yCm);
          const isNext = index === next;
          const name = `B${index + 1}`;
          const tissue = site.tissue ? ` (${site.tissue})` : '';
          return (
            <g
              key={name}
              data-testid="background-site"
              data-next={isNext ? 'true' : undefined}
              data-x-cm={site.xCm}
              data-y-cm={site.yCm}
            >
              <title>{`${name}: ${site.label}${tissue}${isNext ? ' — count background here next' : ''}`}</title>
              {isNext && (
                <rect
                  x={x - SITE_HALF_CM - 0.6}
                  y={y - SITE_HALF_CM - 0.6}
                  width={2 * SITE_HALF_CM + 1.2}
                  height={2 * SITE_HALF_CM + 1.2}
                  fill="none"
                  stroke="#f0e442"
                  strokeWidth={0.2}
                  strokeDasharray="0.5 0.3"
                />
              )}
              <rect
                x={x - SITE_HALF_CM}
                y={y - SITE_HALF_CM}
                width={2 * SITE_HALF_CM}
                height={2 * SITE_HALF_CM}
                fill="none"
                stroke={isNext ? '#f0e442' : '#56b4e9'}
                strokeWidth={isNext ? 0.4 : 0.25}
              />
              <text
                x={x + SITE_HALF_CM + 0.4}
                y={y - SITE_HALF_CM + 0.3}
                fontSize={1.4}
                fontWeight={isNext ? 'bold' : undefined}
                fill={isNext ? '#f0e442' : '#56b4e9'}
              >
                {name}
              </text>
            </g>
          );
        })}
        {preopMarkers.map((m) => {
          const [x, y] = toSvg(m.positionCm[0], m.positionCm[1]);
          const half = Math.max(UNSIZED_MARKER_CM, (m.sizeMm ?? 0) / 10) / 2 + 0.3;
          const [px, py, pz] = m.positionCm;
          return (
            <g
              key={m.id}
              data-testid="preop-marker"
              data-lesion-id={m.id}
              data-position-cm={m.positionCm.join(',')}
              pointerEvents="none"
            >
              <title>{`${m.label}: pre-op position x ${px}, y ${py}, z ${pz} cm${m.sizeMm === null ? '' : `, ${m.sizeMm} mm`} (the case's lesion)`}</title>
              <polygon
                points={`${x},${y - half} ${x + half},${y} ${x},${y + half} ${x - half},${y}`}
                fill={PREOP_MARKER_COLOUR}
                fillOpacity={0.35}
                stroke={PREOP_MARKER_COLOUR}
                strokeWidth={0.3}
              />
              <text x={x + half + 0.4} y={y + 0.5} fontSize={1.6} fill={PREOP_MARKER_COLOUR}>
                {m.label.length > 16 ? `${m.label.slice(0, 15)}…` : m.label}
              </text>
            </g>
          );
        })}
        {marker && (
          <g pointerEvents="none">
            <circle cx={marker[0]} cy={marker[1]} r={1.2} fill="none" stroke="#fff" strokeWidth={0.35} />
            <line
              x1={marker[0] - 2}
              y1={marker[1]}
              x2={marker[0] + 2}
              y2={marker[1]}
              stroke="#fff"
              strokeWidth={0.2}
            />
            <line
              x1={marker[0]}
              y1={marker[1] - 2}
              x2={marker[0]}
              y2={marker[1] + 2}
              stroke="#fff"
              strokeWidth={0.2}
            />
          </g>
        )}
      </svg>
      <div className="row small">
        <span className="mono muted" data-testid="probe-position">
          {probe ? `probe at x ${probe.xCm} cm, y ${probe.yCm} cm` : 'move the mouse over the patient'}
        </span>
        <span className="spacer" />
        <label className="inline-check">
          <input
            type="checkbox"
            checked={showLesions}
            onChange={(event) => setShowLesions(event.target.checked)}
          />{' '}
          show lesions (trainer)
        </label>
        <label
          className="inline-check"
          title="The probe off the patient counts only its own background: a bad background site"
        >
          <input
            type="checkbox"
            data-testid="lift-probe"
            checked={lifted}
            onChange={(event) => {
              const next = event.target.checked;
              setLifted(next);
              api.setSimulatedFaults(stationId, { lifted: next }).catch((failure: unknown) => {
                setLifted(!next);
                setError(errorText(failure));
              });
            }}
          />{' '}
          lift the probe
        </label>
      </div>
      {sites.length > 0 && (
        <div className="small" data-testid="background-sites-legend">
          <span style={{ color: '#56b4e9' }} aria-hidden="true">
            □
          </span>{' '}
          B1–B{sites.length}: suggested background sites (hover for the place).
          {nextSite && next !== null && (
            <>
              {' '}
              Next:{' '}
              <strong data-testid="next-background-site" style={{ color: '#f0e442' }}>
                B{next + 1} — {nextSite.label}
              </strong>
            </>
          )}
        </div>
      )}
      {preopMarkers.length > 0 && (
        <div className="small" data-testid="preop-legend">
          <span style={{ color: PREOP_MARKER_COLOUR }} aria-hidden="true">
            ◆
          </span>{' '}
          Pre-op lesions of the case ({preopMarkers.length}), at their entered position seen from the front
          (labelled; hover for x, y, z).
          {outside(preopMarkers, data.boundsCm) > 0 &&
            ` ${outside(preopMarkers, data.boundsCm)} lie outside this map: check the position entered.`}
        </div>
      )}
      {error && <div className="alert error small">Probe not moved: {error}</div>}
    </section>
  );
}

/** Markers whose projection falls outside the body map's bounds (cm). */
function outside(
  markers: readonly PreopMarker[],
  b: { xMin: number; xMax: number; yMin: number; yMax: number },
): number {
  return markers.filter(
    (m) =>
      m.positionCm[0] < b.xMin - PAD_CM ||
      m.positionCm[0] > b.xMax + PAD_CM ||
      m.positionCm[1] < b.yMin - PAD_CM ||
      m.positionCm[1] > b.yMax + PAD_CM,
  ).length;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
