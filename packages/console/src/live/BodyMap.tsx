// Demo mode: the virtual patient seen from above (coronal plane, cm). Moving the mouse over it — or the
// arrow keys when it has focus — moves the simulated probe; the server's simulator turns the pose into
// counts, so a new user can run a whole case without hardware.
import { useCallback, useEffect, useRef, useState } from 'react';
import * as api from '../api.js';
import { errorText, useAsync } from '../use-async.js';

const SEND_INTERVAL_MS = 40;

function bounds(points: readonly (readonly [number, number])[]) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

const ORGAN_FILL: Record<string, string> = {
  liver: '#5b3a2e',
  spleen: '#5a2d4a',
  kidney: '#4a3b5e',
  'left kidney': '#4a3b5e',
  'right kidney': '#4a3b5e',
  pancreas: '#5e5630',
  bowel: '#2f4a3a',
  bladder: '#2e4a5e',
};

export function BodyMap({ stationId }: { stationId: string }) {
  const map = useAsync(() => api.bodyMap(stationId), [stationId]);
  const [pose, setPose] = useState<api.ProbePose | null>(null);
  const [showLesions, setShowLesions] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const pending = useRef<api.ProbePose | null>(null);
  const inFlight = useRef(false);
  const lastSent = useRef(0);

  const flush = useCallback(() => {
    const next = pending.current;
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
      .then(() => setError(null))
      .catch((reason: unknown) => setError(errorText(reason)))
      .finally(() => {
        inFlight.current = false;
        if (pending.current) flush();
      });
  }, [stationId]);

  const move = useCallback(
    (next: api.ProbePose) => {
      setPose(next);
      pending.current = next;
      flush();
    },
    [flush],
  );

  useEffect(
    () => () => {
      pending.current = null;
    },
    [],
  );

  if (map.error) return <p className="small muted">Body map unavailable: {map.error}</p>;
  if (!map.data) return <p className="small muted">Loading the virtual patient…</p>;
  const data = map.data;
  const b = bounds(data.outline);
  const pad = 2;
  const width = b.maxX - b.minX + 2 * pad;
  const height = b.maxY - b.minY + 2 * pad;
  // SVG y grows downwards; the patient's head (larger yCm) is drawn at the top.
  const toSvg = (x: number, y: number) => [x - b.minX + pad, b.maxY - y + pad] as const;
  const path = (points: readonly (readonly [number, number])[]) =>
    `${points.map((p, i) => `${i === 0 ? 'M' : 'L'}${toSvg(p[0], p[1]).join(' ')}`).join(' ')} Z`;

  function onPointer(event: React.PointerEvent<SVGSVGElement>) {
    const svg = svgRef.current;
    if (!svg) return;
    const rect = svg.getBoundingClientRect();
    const sx = ((event.clientX - rect.left) / rect.width) * width;
    const sy = ((event.clientY - rect.top) / rect.height) * height;
    move({ xCm: round(sx + b.minX - pad), yCm: round(b.maxY + pad - sy) });
  }

  function onKey(event: React.KeyboardEvent<SVGSVGElement>) {
    const step = event.shiftKey ? 2 : 0.5;
    const start = pose ?? { xCm: round((b.minX + b.maxX) / 2), yCm: round((b.minY + b.maxY) / 2) };
    const delta: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const d = delta[event.key];
    if (!d) return;
    event.preventDefault();
    move({ xCm: round(start.xCm + d[0]), yCm: round(start.yCm + d[1]) });
  }

  const marker = pose ? toSvg(pose.xCm, pose.yCm) : null;
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
        data-min-x-cm={b.minX}
        data-max-y-cm={b.maxY}
        data-pad-cm={pad}
      >
        <path d={path(data.outline)} fill="#1d232b" stroke="#aab4c0" strokeWidth={0.3} />
        {data.organs.map((organ) => (
          <path
            key={organ.name}
            d={path(organ.outline)}
            fill={ORGAN_FILL[organ.name.toLowerCase()] ?? '#3a4350'}
            stroke="#6b7480"
            strokeWidth={0.15}
          >
            <title>{organ.name}</title>
          </path>
        ))}
        {showLesions &&
          data.lesions.map((lesion) => {
            const [x, y] = toSvg(lesion.xCm, lesion.yCm);
            return (
              <g key={lesion.id}>
                <circle cx={x} cy={y} r={0.8} fill="none" stroke="#e69f00" strokeWidth={0.3} />
                <text x={x + 1.1} y={y + 0.5} fontSize={1.5} fill="#e69f00">
                  {lesion.label ?? lesion.id}
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
        <span className="mono muted">
          {pose ? `probe at x ${pose.xCm} cm, y ${pose.yCm} cm` : 'probe not placed yet'}
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
      </div>
      {error && <div className="alert error small">Probe pose not sent: {error}</div>}
    </section>
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
