import { useTranslation } from 'react-i18next';
import { Page } from '../components/layout.js';
import { Link } from '../router.js';

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Page title={t('layout.notFound.title')}>
      <p className="lead">{t('layout.notFound.lead')}</p>
      <p>
        <Link className="button button--secondary" href="/">
          {t('layout.notFound.home')}
        </Link>
      </p>
    </Page>
  );
}
