// The case report on screen: the server's printable HTML report, drawn from the same model as the PDF
// (@openrgs/report buildReportModel), so the screen shows exactly what the PDF prints — probe and QC
// (with any override and who gave it), background model, evidence behind each verdict with its frame
// range, staff dose — with the tracer at its administered activity and time, not a live-decaying figure.
import { useCallback, useRef, useState } from 'react';
import { downloadFile, fetchText, RECORD_FILES, recordUrls } from '../record-api.js';
import { href } from '../router.js';
import { errorText, useAsync } from '../use-async.js';

export function ReportPage({ caseId }: { caseId: string }) {
  const urls = recordUrls(caseId, null);
  const html = useAsync(() => fetchText(urls.html), [urls.html]);
  const frame = useRef<HTMLIFrameElement>(null);
  const [heightPx, setHeightPx] = useState(600);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  // The report's own height, so the page scrolls as one document (the frame never shows a scroll bar).
  const fit = useCallback(() => {
    const body = frame.current?.contentDocument?.documentElement;
    if (body) setHeightPx(body.scrollHeight + 8);
  }, []);

  async function pdf() {
    setMessage(null);
    try {
      const { bytes } = await downloadFile(urls.pdf, `case-report-${caseId}.pdf`, RECORD_FILES.pdf);
      setMessage({ kind: 'ok', text: `Saved the PDF report (${Math.round(bytes / 1024)} kB).` });
    } catch (reason) {
      setMessage({ kind: 'error', text: `The PDF report could not be made: ${errorText(reason)}` });
    }
  }

  return (
    <article className="page stack report" data-testid="report">
      <div className="row no-print">
        <a className="button" href={href({ name: 'case', caseId })}>
          ← Case page
        </a>
        <span className="spacer" />
        <button type="button" disabled={!html.data} onClick={() => frame.current?.contentWindow?.print()}>
          Print
        </button>
        <button type="button" onClick={() => void pdf()} data-testid="report-pdf-download">
          PDF
        </button>
      </div>
      {message && (
        <div
          className={`alert ${message.kind} no-print`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      )}
      {html.error && (
        <div className="alert error" role="alert">
          Could not load the report: {html.error}
        </div>
      )}
      {!html.data && !html.error && <p className="muted">Loading the report…</p>}
      {html.data && (
        <iframe
          ref={frame}
          title="Case report"
          className="report-frame"
          data-testid="report-frame"
          // Same origin so its height can be read and it can print; no scripts run in it.
          sandbox="allow-same-origin allow-modals"
          srcDoc={html.data}
          onLoad={fit}
          style={{ height: `${heightPx}px` }}
        />
      )}
    </article>
  );
}
