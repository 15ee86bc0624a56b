// Freehand 3D map (issue 17): start a tracked scan on a station, watch the map build (live updates at
// least once a second), read the hotspots as distance and direction from the probe tip. `#/map/ID/compact`
// is the same view without the app's chrome or controls, for a second screen or a robotic console.
import { useEffect, useRef, useState } from 'react';
import * as api from '../api.js';
import { MapView3D } from '../map/MapView3D.js';
import {
  getMap,
  getMapVolume,
  type MapStateT,
  type MapVolumeT,
  startScan,
  stopScan,
} from '../map/map-api.js';
import { href } from '../router.js';
import { useAsync } from '../use-async.js';
import '../map/map.css';

const fmt = (v: number, d = 1) => v.toFixed(d);

function useMap(stationId: string | null) {
  const [state, setState] = useState<MapStateT | null>(null);
  const [volume, setVolume] = useState<MapVolumeT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const volumeKey = useRef('');
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new tick (after start/stop) polls at once.
  useEffect(() => {
    if (!stationId) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await getMap(stationId);
        if (cancelled) return;
        setState(next);
        setError(null);
        const key = `${next.scan}/${next.liveUpdates}/${next.final}`;
        if (next.grid && key !== volumeKey.current) {
          volumeKey.current = key;
          const v = await getMapVolume(stationId);
          if (!cancelled) setVolume(v);
        } else if (!next.grid) setVolume(null);
        const busy = next.state === 'scanning' || next.state === 'reconstructing';
        timer = setTimeout(poll, busy ? 500 : 2000);
      } catch (e) {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        timer = setTimeout(poll, 3000);
      }
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [stationId, tick]);
  return { state, volume, error, refresh: () => setTick((t) => t + 1) };
}

function Hotspots({ state }: { state: MapStateT }) {
  if (state.hotspots.length === 0)
    return (
      <p className="muted" data-testid="map-no-hotspots">
        {state.state === 'idle' ? 'No scan yet.' : 'No hotspot found so far.'}
      </p>
    );
  return (
    <ol className="map-hotspots" data-testid="map-hotspots">
      {state.hotspots.map((h) => (
        <li
          key={h.rank}
          data-rank={h.rank}
          data-position-cm={h.positionCm.join(',')}
          data-relative-activity={h.relativeActivity}
          data-diameter-mm={h.diameterMm}
        >
          <div className="words">{h.fromTip ? h.fromTip.words : 'no probe pose'}</div>
          <div className="muted">
            {h.fromTip ? `${fmt(h.fromTip.distanceMm, 0)} mm from the tip · ` : ''}
            {Math.round(h.relativeActivity * 100)} % of the strongest ·{' '}
            {h.diameterMm > 0 ? `extended, about ${fmt(h.diameterMm, 0)} mm across · ` : ''}
            {h.uncertaintyMm !== null ? `±${fmt(h.uncertaintyMm)} mm` : 'position uncertainty not bounded'} ·
            at ({h.positionCm.map((v) => fmt(v)).join(', ')}) cm
          </div>
        </li>
      ))}
    </ol>
  );
}

/** The case's pre-op lesions: where each is from the tip, and which hotspot lies nearest to it. */
function Markers({ state }: { state: MapStateT }) {
  const markers = state.lesionMarkers.filter((m) => m.source === 'case');
  if (state.caseMarkersError)
    return (
      <p className="alert warning" role="alert" data-testid="map-markers-error">
        Pre-op lesions not shown: {state.caseMarkersError}
      </p>
    );
  if (markers.length === 0)
    return (
      <p className="muted" data-testid="map-no-markers">
        No pre-op lesion position in the case this station records into (enter one in the case's lesion form).
      </p>
    );
  return (
    <ul className="map-markers" data-testid="map-markers">
      {markers.map((m) => (
        <li
          key={m.id}
          data-lesion-id={m.id}
          data-position-cm={m.positionCm.join(',')}
          data-distance-mm={m.fromTip?.distanceMm ?? ''}
          data-nearest-rank={m.nearestHotspot?.rank ?? ''}
        >
          <div className="marker-words">
            <span className="marker-glyph" aria-hidden="true">
              ◆
            </span>{' '}
            {m.label}: {m.fromTip ? m.fromTip.words : 'no probe pose'}
          </div>
          <div className="muted">
            {m.fromTip ? `${fmt(m.fromTip.distanceMm, 0)} mm from the tip · ` : ''}
            {m.nearestHotspot
              ? `nearest hotspot #${m.nearestHotspot.rank}, ${fmt(m.nearestHotspot.distanceMm)} mm away`
              : 'no hotspot yet'}{' '}
            · at ({m.positionCm.map((v) => fmt(v)).join(', ')}) cm
            {m.diameterCm !== null ? ` · ${fmt(m.diameterCm * 10, 0)} mm` : ''}
            {m.imaging ? ` · imaging: ${m.imaging}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** "0.15 ± 0.02 s", or why there is none yet; an estimate the data do not support says so, and why. */
function latencyText(state: MapStateT): string {
  const l = state.latencyEstimate;
  if (!l) return state.state === 'idle' ? '—' : 'not yet estimated (needs a hotspot and tracked poses)';
  const how = l.reliable ? 'estimated' : `unreliable: ${l.reason}`;
  return `${fmt(l.latencySeconds, 2)} ± ${fmt(l.uncertaintySeconds, 2)} s (${how}, not applied)`;
}

function Figures({ state }: { state: MapStateT }) {
  const rows: Array<[string, string]> = [
    ['Scan', state.scan > 0 ? `#${state.scan} · ${state.state}` : 'none yet'],
    [
      'Scanned',
      `${fmt(state.scanSeconds)} s${state.plannedSeconds !== null ? ` of ${fmt(state.plannedSeconds, 0)} s` : ''}`,
    ],
    ['Frames with pose', `${state.framesPosed} (${state.framesWithoutPose} without)`],
    [
      'Live updates',
      `${state.liveUpdates}${state.liveUpdatesPerSecond !== null ? ` · ${fmt(state.liveUpdatesPerSecond, 2)}/s` : ''}`,
    ],
    ['Map', state.grid ? `${state.grid.dims.join(' × ')} voxels of ${state.grid.voxelSizeMm} mm` : '—'],
    [
      'Final map',
      state.reconstructionSeconds !== null ? `made in ${fmt(state.reconstructionSeconds, 2)} s` : '—',
    ],
    ['Tracker latency', latencyText(state)],
  ];
  return (
    <dl className="map-figures" data-testid="map-figures" data-state={state.state}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd data-testid={k === 'Tracker latency' ? 'map-latency' : undefined}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MapPage({ stationId, compact }: { stationId: string | null; compact: boolean }) {
  const stations = useAsync(() => api.listStations(), []);
  const chosen = stationId ?? stations.data?.[0]?.id ?? null;
  const station = stations.data?.find((s) => s.id === chosen);
  const { state, volume, error, refresh } = useMap(chosen);
  const [seconds, setSeconds] = useState('30');
  const [voxelMm, setVoxelMm] = useState('5');
  const [busy, setBusy] = useState(false);
  const [showMap, setShowMap] = useState(true);
  const [actionError, setActionError] = useState<string | null>(null);

  if (stations.error)
    return (
      <div className="alert error" role="alert">
        Could not list the stations: {stations.error}
      </div>
    );
  if (!stations.data) return <p className="muted">Loading stations…</p>;
  if (!chosen)
    return (
      <p className="alert warning">
        No probe station is attached to this server. Start it with --simulate, or a probe with --igtl-connect.
      </p>
    );

  const act = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await what();
      refresh();
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const scanning = state?.state === 'scanning';
  const simulated = station?.kind === 'simulated';
  const start = (sweep: 'simulated-freehand' | 'station') =>
    act(() =>
      startScan(chosen, {
        sweep,
        voxelSizeMm: Number(voxelMm),
        depthCm: 5,
        ...(sweep === 'simulated-freehand' ? { seconds: Number(seconds) } : {}),
      }),
    );

  return (
    <div className={`map-page${compact ? ' compact' : ''}`}>
      <MapView3D state={state} volume={volume} showMap={showMap} />
      <aside className="map-side">
        {!compact && (
          <>
            <h1 style={{ margin: 0 }}>3D map</h1>
            {stations.data.length > 1 && (
              <label className="inline">
                Station{' '}
                <select
                  value={chosen}
                  onChange={(e) => (location.hash = `#/map/${encodeURIComponent(e.target.value)}`)}
                >
                  {stations.data.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <div className="controls">
              {simulated && (
                <label>
                  Sweep seconds{' '}
                  <input
                    type="number"
                    min={5}
                    max={600}
                    value={seconds}
                    onChange={(e) => setSeconds(e.target.value)}
                    style={{ width: '5rem' }}
                  />
                </label>
              )}
              <label>
                Voxel{' '}
                <select value={voxelMm} onChange={(e) => setVoxelMm(e.target.value)}>
                  {['2.5', '5', '10'].map((v) => (
                    <option key={v} value={v}>
                      {v} mm
                    </option>
                  ))}
                </select>
              </label>
              {simulated && (
                <button type="button" disabled={busy || scanning} onClick={() => start('simulated-freehand')}>
                  Start freehand sweep
                </button>
              )}
              <button type="button" disabled={busy || scanning} onClick={() => start('station')}>
                Start tracked scan
              </button>
              <button type="button" disabled={busy || !scanning} onClick={() => act(() => stopScan(chosen))}>
                Stop scan
              </button>
            </div>
            {actionError && (
              <div className="alert error" role="alert">
                {actionError}
              </div>
            )}
            <label className="inline">
              <input type="checkbox" checked={showMap} onChange={(e) => setShowMap(e.target.checked)} /> Show
              the map (voxels and MIP)
            </label>
            <a
              href={href({ name: 'map', stationId: chosen, compact: true })}
              target="_blank"
              rel="noreferrer"
            >
              Compact view for a second screen
            </a>
          </>
        )}
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        {state && (
          <>
            <h2 style={{ margin: 0, fontSize: compact ? '1.1rem' : undefined }}>
              Hotspots from the probe tip
            </h2>
            <Hotspots state={state} />
            {(!compact || state.caseMarkersError || state.lesionMarkers.some((m) => m.source === 'case')) && (
              <>
                <h2 style={{ margin: 0, fontSize: compact ? '1.1rem' : undefined }}>Pre-op lesions</h2>
                <Markers state={state} />
              </>
            )}
            {state.error && <p className="alert warning">{state.error}</p>}
            {!compact && <Figures state={state} />}
            {compact && (
              <p className="muted" data-testid="map-figures" data-state={state.state}>
                Scan #{state.scan} · {state.state} · {fmt(state.scanSeconds, 0)} s · tracker latency{' '}
                <span data-testid="map-latency">
                  {state.latencyEstimate
                    ? `${fmt(state.latencyEstimate.latencySeconds, 2)} ± ${fmt(state.latencyEstimate.uncertaintySeconds, 2)} s`
                    : '—'}
                </span>
              </p>
            )}
          </>
        )}
      </aside>
    </div>
  );
}
