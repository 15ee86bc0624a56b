// Probe and connection status, impossible to miss: a full-width bar with text, colour and a shape, and an
// assertive announcement for screen readers when it changes. The live connection's own failure (socket
// down, or frames stopped) takes precedence: then the probe's status is unknown and the bar says so.
import type { ProbeStatus } from '@openrgs/api';
import { Icon, type IconName } from '../components/Icon.js';
import type { ConnectionStatus } from '../live.js';

export type StatusLevel = 'ok' | 'warning' | 'danger';

export interface StatusView {
  level: StatusLevel;
  icon: IconName;
  title: string;
  detail: string;
}

export function statusView(input: {
  connection: ConnectionStatus;
  stale: boolean;
  attempts: number;
  probeName: string | null;
  probeStatus: ProbeStatus | null;
  reason: string | null;
}): StatusView {
  const { connection, stale, attempts, probeName, probeStatus, reason } = input;
  if (connection === 'down') {
    return {
      level: 'danger',
      icon: 'cross',
      title: 'LIVE CONNECTION LOST',
      detail: `Numbers below are NOT current. Reconnecting${attempts > 1 ? ` (attempt ${attempts})` : ''}…`,
    };
  }
  if (connection === 'connecting' && probeStatus === null) {
    return { level: 'warning', icon: 'dots', title: 'CONNECTING', detail: 'Opening the live connection…' };
  }
  if (stale) {
    return {
      level: 'danger',
      icon: 'pause',
      title: 'NO LIVE DATA',
      detail: 'The server stopped sending frames. Numbers below are NOT current.',
    };
  }
  const name = probeName ?? 'Probe';
  switch (probeStatus) {
    case 'connected':
      return { level: 'ok', icon: 'negative', title: 'PROBE CONNECTED', detail: name };
    case 'low-battery':
      return {
        level: 'warning',
        icon: 'battery',
        title: 'PROBE BATTERY LOW',
        detail: `${name}${reason ? ` — ${reason}` : ''}`,
      };
    case 'silent':
      return {
        level: 'danger',
        icon: 'warning',
        title: 'PROBE SILENT',
        detail: `${name} sends no counts${reason ? ` — ${reason}` : ''}. Check cable and power.`,
      };
    case 'disconnected':
      return {
        level: 'danger',
        icon: 'cross',
        title: 'PROBE DISCONNECTED',
        detail: `${name}${reason ? ` — ${reason}` : ''}`,
      };
    case 'error':
      return {
        level: 'danger',
        icon: 'warning',
        title: 'PROBE ERROR',
        detail: `${name}${reason ? ` — ${reason}` : ''}`,
      };
    default:
      return {
        level: 'warning',
        icon: 'dots',
        title: 'WAITING FOR THE PROBE',
        detail: 'No frame received yet.',
      };
  }
}

export function ProbeStatusBar({ view }: { view: StatusView }) {
  return (
    <div
      className={`status-bar status-${view.level}`}
      role="status"
      aria-live="assertive"
      data-testid="probe-status"
    >
      <span className="status-icon" aria-hidden="true">
        <Icon name={view.icon} />
      </span>
      <strong className="status-title">{view.title}</strong>
      <span className="status-detail">{view.detail}</span>
    </div>
  );
}
