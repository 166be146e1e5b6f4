// The set's poster: a QR code of the public stop page, /s/<set code>, and the
// code in large letters, to print and put up on set (S1). Loaded on demand, so
// the QR encoder never weighs on the first screen.
import { create } from 'qrcode';
import { useMemo } from 'react';
import { api } from '../api.js';
import { useResource } from '../use-resource.js';

/** The QR code as one SVG path of dark modules, with the four-module quiet zone scanners need. */
function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
      }
    }
    return { size: modules.size + 8, path: d };
  }, [text]);
  return (
    <svg className="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

/** A phone on the set's Wi-Fi cannot open "localhost": the poster needs the laptop's network address. */
function isLocalOnly(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.');
}

export function SetCodeScreen({ productionId }: { productionId: string }) {
  const [production] = useResource(productionId, () => api.production(productionId));
  if (production.state === 'loading') return <p>Loading…</p>;
  if (production.state === 'failed') return <p role="alert">{production.problem.detail}</p>;
  const { name, setCode } = production.data.production;
  const url = `${location.origin}/s/${encodeURIComponent(setCode)}`;

  return (
    <>
      <div className="no-print">
        <p className="lead">Print this and put it up where the crew passes: anyone who scans it can stop work, without an account.</p>
        {isLocalOnly(location.hostname) && (
          <p className="panel panel--warn" role="note">
            This page is open at {location.host}, which phones cannot reach. Open Setbook at the laptop’s address on the set’s Wi-Fi before printing.
          </p>
        )}
        <p>
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            Print
          </button>
        </p>
      </div>
      <section className="poster" aria-label="Set poster">
        <p className="poster-name">{name}</p>
        <p className="poster-call">Something unsafe? Scan to STOP WORK</p>
        <QrCode text={url} label={`QR code for ${url}`} />
        <p className="poster-url">{url}</p>
        <p className="poster-code-label">Set code</p>
        <p className="poster-code">{setCode}</p>
        <p className="poster-note">No account needed. Your name is not asked.</p>
      </section>
    </>
  );
}
