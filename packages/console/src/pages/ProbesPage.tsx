// Probes and their QC state; administrators register new probes.
import { type FormEvent, useState } from 'react';
import { useSession } from '../App.js';
import * as api from '../api.js';
import { Icon } from '../components/Icon.js';
import { formatDateTime } from '../format.js';
import { href } from '../router.js';
import { errorText, useAsync } from '../use-async.js';
import { qcView } from '../workflow.js';

export function ProbesPage() {
  const { user } = useSession();
  const probes = useAsync(() => api.listProbes(), []);
  const [name, setName] = useState('');
  const [model, setModel] = useState('');
  const [serial, setSerial] = useState('');
  const [detector, setDetector] = useState<'gamma' | 'beta'>('gamma');
  const [error, setError] = useState<string | null>(null);
  const now = new Date();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.createProbe({
        name: name.trim(),
        detector,
        ...(model.trim() ? { model: model.trim() } : {}),
        ...(serial.trim() ? { serialNumber: serial.trim() } : {}),
      });
      setName('');
      setModel('');
      setSerial('');
      probes.reload();
    } catch (reason) {
      setError(errorText(reason));
    }
  }

  return (
    <div className="page stack">
      <h1>Probes</h1>
      {probes.error && <div className="alert error">Could not list probes: {probes.error}</div>}
      {probes.data && probes.data.length === 0 && <p className="muted">No probes registered.</p>}
      {probes.data && probes.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Probe</th>
              <th>Detector</th>
              <th>Model</th>
              <th>Serial</th>
              <th>QC today</th>
              <th>Last check</th>
            </tr>
          </thead>
          <tbody>
            {probes.data.map((probe) => {
              const qc = qcView(probe, now);
              return (
                <tr key={probe.id}>
                  <td>
                    <a href={href({ name: 'probe-qc', probeId: probe.id })}>{probe.name}</a>
                  </td>
                  <td>{probe.detector}</td>
                  <td>{probe.model ?? '—'}</td>
                  <td>{probe.serialNumber ?? '—'}</td>
                  <td>
                    <span className={`tag ${qc.level}`}>
                      <Icon
                        name={qc.level === 'pass' ? 'check' : qc.level === 'fail' ? 'cross' : 'warning'}
                      />{' '}
                      {qc.text}
                    </span>
                  </td>
                  <td>{probe.qcCheckedAt ? formatDateTime(probe.qcCheckedAt) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {user.role === 'admin' && (
        <form className="panel stack" onSubmit={(event) => void submit(event)} aria-label="Register a probe">
          <h2>Register a probe</h2>
          <div className="form-grid">
            <label>
              Name
              <input
                name="probeName"
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
              />
            </label>
            <label>
              Detector
              <select
                name="probeDetector"
                value={detector}
                onChange={(event) => setDetector(event.target.value === 'beta' ? 'beta' : 'gamma')}
              >
                <option value="gamma">gamma</option>
                <option value="beta">beta</option>
              </select>
            </label>
            <label>
              Model <span className="hint">(optional)</span>
              <input name="probeModel" value={model} onChange={(event) => setModel(event.target.value)} />
            </label>
            <label>
              Serial number <span className="hint">(optional)</span>
              <input name="probeSerial" value={serial} onChange={(event) => setSerial(event.target.value)} />
            </label>
          </div>
          {error && (
            <div className="alert error" role="alert">
              {error}
            </div>
          )}
          <div>
            <button className="primary" type="submit">
              Register probe
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
