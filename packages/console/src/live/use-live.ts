// React glue for LiveConnection, the audio engine and the latency probe.
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { LiveConnection, type LiveSnapshot } from '../live.js';
import { audioEngine } from './audio-settings.js';
import { cueFor } from './cue.js';
import { recordPaintLatency } from './latency.js';

const EMPTY = () => () => {};

export function useLiveConnection(stationId: string | null): LiveConnection | null {
  const [connection, setConnection] = useState<LiveConnection | null>(null);
  useEffect(() => {
    if (!stationId) return;
    const created = new LiveConnection(stationId);
    setConnection(created);
    return () => {
      created.close();
      setConnection(null);
    };
  }, [stationId]);
  return connection;
}

export function useLiveSnapshot(connection: LiveConnection | null): LiveSnapshot | null {
  return useSyncExternalStore(connection ? connection.subscribe : EMPTY, () => connection?.current ?? null);
}

/** Whether the numbers on screen are current: socket open, frames flowing, probe delivering counts. */
export function isLiveCurrent(snapshot: LiveSnapshot | null): boolean {
  if (snapshot?.connection !== 'open' || snapshot.stale || !snapshot.state) return false;
  const status = snapshot.probe?.status;
  return status === 'connected' || status === 'low-battery';
}

/**
 * Plays each frame's cue; on losing the probe or the connection, stops the tone and sounds the alert
 * (again every 10 s while it lasts). Unlocks audio on the first key or pointer gesture.
 */
export function useLiveAudio(connection: LiveConnection | null, snapshot: LiveSnapshot | null): void {
  useEffect(() => {
    const unlock = () => audioEngine.unlock();
    window.addEventListener('keydown', unlock, { capture: true });
    window.addEventListener('pointerdown', unlock, { capture: true });
    return () => {
      window.removeEventListener('keydown', unlock, { capture: true });
      window.removeEventListener('pointerdown', unlock, { capture: true });
      audioEngine.silence();
    };
  }, []);

  const current = isLiveCurrent(snapshot);
  useEffect(() => {
    if (!connection) return;
    return connection.onFrame((state) => {
      if (state.probe.status === 'connected' || state.probe.status === 'low-battery') {
        audioEngine.play(cueFor(state, audioEngine.current.mode), state.frame.durationSeconds);
      }
    });
  }, [connection]);

  const wasCurrent = useRef(false);
  useEffect(() => {
    if (current) {
      wasCurrent.current = true;
      return;
    }
    audioEngine.silence();
    if (!wasCurrent.current) return;
    audioEngine.alert();
    const timer = setInterval(() => audioEngine.alert(), 10_000);
    return () => clearInterval(timer);
  }, [current]);
}

/** After each frame's render reaches the screen, records server-receive → paint latency. */
export function usePaintLatency(snapshot: LiveSnapshot | null): void {
  const seq = snapshot?.state?.seq;
  const receivedAtMs = snapshot?.state?.receivedAtMs;
  useLayoutEffect(() => {
    if (seq === undefined || receivedAtMs === undefined) return;
    requestAnimationFrame(() => recordPaintLatency(seq, receivedAtMs));
  }, [seq, receivedAtMs]);
}
