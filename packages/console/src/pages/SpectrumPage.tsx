// The spectroscopic probe's view: the pulse-height spectrum with the nuclide's photopeak window(s) shaded,
// the counts in and out of the windows over the last minute, and the energy calibration behind them.
// Polled once a second (the Open Gamma Detector's frames are 1 s). Readable from 2 m: the counts are large.
import { useEffect, useState } from 'react';
import * as api from '../api.js';
import { SpectrumChart } from '../spectrum/SpectrumChart.js';
import { fetchSpectrum, type StationSpectrum } from '../spectrum/spectrum-api.js';
import { calibrationText, inWindowPercentText, windowRangeText } from '../spectrum/spectrum-view.js';
import '../spectrum/spectrum.css';
import { useAsync } from '../use-async.js';

const POLL_MS = 1000;

export function SpectrumPage() {
  const stations = useAsync(() => api.listStations(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  if (stations.error) {
    return (
      <div className="alert error" role="alert">
        Could not list the probe stations: {stations.error}
      </div>
    );
  }
  if (!stations.data) return <p className="muted">Loading stations…</p>;
  const spectroscopic = stations.data.filter((s) => s.spectrumSupported === true);
  if (spectroscopic.length === 0) {
    return (
      <div className="page">
        <h1>Spectrum</h1>
        <p className="alert warning">
          No spectroscopic probe is attached to this server. Start it with --simulate spectrometer:Tc-99m (or
          `npm start`, which adds one).
        </p>
      </div>
    );
  }
  const station = spectroscopic.find((s) => s.id === chosen) ?? spectroscopic[0];
  if (!station) return null;
  return (
    <div className="page spectrum-page">
      <div className="spectrum-head">
        <h1>Spectrum</h1>
        <span className="muted">{station.name}</span>
        <span className="spacer" />
        {spectroscopic.length > 1 && (
          <label className="inline">
            Station
            <select value={station.id} onChange={(event) => setChosen(event.target.value)}>
              {spectroscopic.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <SpectrumPanel stationId={station.id} />
    </div>
  );
}

function SpectrumPanel({ stationId }: { stationId: string }) {
  const [spectrum, setSpectrum] = useState<StationSpectrum | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await fetchSpectrum(stationId);
        if (stopped) return;
        setSpectrum(next);
        setError(null);
      } catch (reason) {
        if (!stopped) setError(reason instanceof Error ? reason.message : String(reason));
      }
      if (!stopped) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [stationId]);

  if (!spectrum) {
    return error ? (
      <div className="alert error" role="alert">
        Could not read the spectrum: {error}
      </div>
    ) : (
      <p className="muted">Waiting for the first spectrum…</p>
    );
  }
  return (
    <section
      className="stack"
      aria-label={`Spectrum of ${spectrum.nuclide}`}
      data-through-frame={spectrum.throughFrame}
    >
      {error && (
        <div className="alert error" role="alert">
          The spectrum stopped updating: {error}
        </div>
      )}
      <div className="spectrum-readouts">
        <div className="spectrum-readout in">
          <span className="label">In window</span>
          <span className="value" data-testid="spectrum-in">
            {spectrum.inWindowCounts}
          </span>
          <span className="unit">counts</span>
        </div>
        <div className="spectrum-readout out">
          <span className="label">Out of window</span>
          <span className="value" data-testid="spectrum-out">
            {spectrum.outOfWindowCounts}
          </span>
          <span className="unit">counts</span>
        </div>
        <div className="spectrum-readout">
          <span className="label">Share in window</span>
          <span className="value" data-testid="spectrum-percent">
            {inWindowPercentText(spectrum)}
          </span>
          <span className="unit">
            of <span data-testid="spectrum-total">{spectrum.totalCounts}</span> in the last{' '}
            <span data-testid="spectrum-seconds">{spectrum.seconds}</span> s
          </span>
        </div>
      </div>
      <SpectrumChart spectrum={spectrum} />
      <table className="spectrum-windows">
        <thead>
          <tr>
            <th>{spectrum.nuclide} photopeak</th>
            <th>Window ({spectrum.windowPercent} %)</th>
            <th>Counts</th>
          </tr>
        </thead>
        <tbody>
          {spectrum.windows.map((w, i) => (
            <tr key={w.lineKeV} data-testid={`spectrum-window-${i}`}>
              <td>{w.lineKeV.toFixed(2)} keV</td>
              <td data-testid={`spectrum-window-${i}-range`}>{windowRangeText(w)}</td>
              <td data-testid={`spectrum-window-${i}-counts`}>{w.counts}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="spectrum-calibration">
        {spectrum.device}. Calibration:{' '}
        <span data-testid="spectrum-calibration">{calibrationText(spectrum.calibration)}</span>
        {spectrum.calibration.peaks.length > 0
          ? `, from ${spectrum.calibration.peaks
              .map((p) => `${p.source} ${p.energyKeV.toFixed(2)} keV at channel ${p.channel.toFixed(1)}`)
              .join(' and ')}.`
          : ' (as entered when the server was started).'}{' '}
        Spectrum of the last {spectrum.frames} frames (through frame {spectrum.throughFrame}).
      </p>
    </section>
  );
}
