// The set's poster: a QR code of the public stop page, /s/<set code>, and the
// code in large letters, to print and put up on set (S1). Loaded on demand, so
// the QR encoder never weighs on the first screen.
import { create } from 'qrcode';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useResource, type Resource } from '../use-resource.js';

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

/** The poster's address: this page's when it is secure, else the set's HTTPS address, so phones scanning it get the offline STOP. */
function posterOrigin(network: Resource<{ httpsUrls: string[] }>): string {
  if (location.protocol === 'https:' || network.state !== 'ready') return location.origin;
  return network.data.httpsUrls[0] ?? location.origin;
}

export function SetCodeScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const [production] = useResource(productionId, () => api.production(productionId));
  const [network] = useResource('set-network', () => api.setNetwork());
  if (production.state === 'loading' || network.state === 'loading') return <p>{t('common.loading')}</p>;
  if (production.state === 'failed') return <p role="alert">{production.problem.detail}</p>;
  const { name, setCode } = production.data.production;
  const origin = posterOrigin(network);
  const url = `${origin}/s/${encodeURIComponent(setCode)}`;

  return (
    <>
      <div className="no-print">
        <p className="lead">{t('productions.poster.lead')}</p>
        {isLocalOnly(new URL(origin).hostname) && (
          <p className="panel panel--warn" role="note">
            {t('productions.poster.localOnly', { host: location.host })}
          </p>
        )}
        <p>
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('productions.poster.print')}
          </button>
        </p>
      </div>
      <section className="poster" aria-label={t('productions.poster.label')}>
        <p className="poster-name">{name}</p>
        <p className="poster-call">{t('productions.poster.call')}</p>
        <QrCode text={url} label={t('productions.poster.qr', { url })} />
        <p className="poster-url">{url}</p>
        <p className="poster-code-label">{t('productions.setCode')}</p>
        <p className="poster-code">{setCode}</p>
        <p className="poster-note">{t('productions.poster.note')}</p>
      </section>
    </>
  );
}
