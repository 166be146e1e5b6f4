// A screen loaded on demand (React.lazy): while its code downloads the page
// shows its heading and a line saying so, and a failed download (offline, or
// a new release replaced the file) says so instead of blanking the app.
import { Component, Suspense, type ReactNode } from 'react';
import { t } from '../i18n.js';

class LoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <>
        <p className="lead" role="alert">
          {t('layout.lazy.failed')}
        </p>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          {t('common.tryAgain')}
        </button>
      </>
    );
  }
}

export function Lazy({ children }: { children: ReactNode }) {
  return (
    <LoadBoundary>
      <Suspense fallback={<p>{t('common.loading')}</p>}>{children}</Suspense>
    </LoadBoundary>
  );
}
