// A probe driver's status (connecting, silent, disconnected, low battery, error) as the station's probe
// status on the wire. Kept apart from probe-source.ts so that simulated probes need no serial port.
import type { ProbeStatus as WireProbeStatus } from '@openrgs/api';
import type { ProbeEvent } from '@openrgs/probe';

type ProbeStatusEvent = Extract<ProbeEvent, { type: 'status' }>['status'];

export function mapProbeStatus(
  status: ProbeStatusEvent,
): { status: WireProbeStatus; reason?: string } | null {
  switch (status.kind) {
    case 'connected':
    case 'receiving':
      return { status: 'connected' };
    case 'connecting':
      return { status: 'disconnected', reason: `connecting (attempt ${status.attempt})` };
    case 'silent':
      return { status: 'silent', reason: `no frame for ${(status.silentForMs / 1000).toFixed(1)} s` };
    case 'disconnected':
      return {
        status: 'disconnected',
        reason: `${status.reason}${status.retryInMs === null ? '' : ` (retry in ${status.retryInMs} ms)`}`,
      };
    case 'low-battery':
      return {
        status: 'low-battery',
        reason: status.batteryVolts === undefined ? 'battery low' : `battery ${status.batteryVolts} V`,
      };
    case 'error':
      return { status: 'error', reason: status.reason };
    case 'stopped':
      return { status: 'disconnected', reason: 'stopped' };
  }
}
