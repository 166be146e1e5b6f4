import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Link } from '../router.js';
import { canManageMembers, canPrintSetPoster, rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import { OfflineBanner } from '../components/offline-banner.js';

export function ProductionHomeScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { me, membership } = useSession();
  const mine = membership(productionId);
  const [production] = useResource(`${productionId}/production`, () => api.production(productionId), { remember: { productionId } });
  if (!mine) return null;
  const base = `/productions/${encodeURIComponent(productionId)}`;

  return (
    <Page title={mine.productionName}>
      <p className="lead">
        {mine.department ? (
          <Trans i18nKey="productions.home.youAreInDepartment" values={{ roles: rolesText(mine.roles), department: mine.department }} components={{ b: <strong /> }} />
        ) : (
          <Trans i18nKey="productions.home.youAre" values={{ roles: rolesText(mine.roles) }} components={{ b: <strong /> }} />
        )}
      </p>
      {production.state === 'ready' && <OfflineBanner seenAt={production.seenAt} timeZone={production.data.production.timezone} />}
      <section aria-labelledby="production-facts" className="panel">
        <h2 id="production-facts">{t('productions.home.production')}</h2>
        {production.state === 'loading' && <p>{t('common.loading')}</p>}
        {production.state === 'failed' && <p role="alert">{production.problem.detail}</p>}
        {production.state === 'ready' && (
          <dl className="facts">
            <div>
              <dt>{t('productions.timeZone')}</dt>
              <dd>{production.data.production.timezone.replaceAll('_', ' ')}</dd>
            </div>
            <div>
              <dt>{t('productions.setCode')}</dt>
              <dd>
                <code className="set-code">{production.data.production.setCode}</code>
                <p className="hint">{t('productions.home.setCodeHint')}</p>
              </dd>
            </div>
          </dl>
        )}
      </section>
      <ul className="cards">
        <li className="card">
          <Link className="card-link" href={`${base}/stops`}>
            <span className="card-title">{t('productions.home.stops')}</span>
            <span className="card-sub">{t('productions.home.stopsSub')}</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/armory`}>
            <span className="card-title">{t('productions.home.armory')}</span>
            <span className="card-sub">{mine.roles.includes('armorer') ? t('productions.home.armorySubArmorer') : t('productions.home.armorySub')}</span>
          </Link>
        </li>
        <li className="card card--danger">
          <Link className="card-link" href={`${base}/armory/live-round`}>
            <span className="card-title">{t('productions.home.liveRound')}</span>
            <span className="card-sub">{t('productions.home.liveRoundSub')}</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/concerns`}>
            <span className="card-title">{t('productions.home.concerns')}</span>
            <span className="card-sub">{t('productions.home.concernsSub')}</span>
          </Link>
        </li>
        {canPrintSetPoster(mine.roles) && (
          <li className="card">
            <Link className="card-link" href={`${base}/set-code`}>
              <span className="card-title">{t('productions.home.setCode')}</span>
              <span className="card-sub">{t('productions.home.setCodeSub')}</span>
            </Link>
          </li>
        )}
        <li className="card">
          <Link className="card-link" href={`${base}/members`}>
            <span className="card-title">{t('productions.home.members')}</span>
            <span className="card-sub">{canManageMembers(mine.roles) ? t('productions.home.membersSubManager') : t('productions.home.membersSub')}</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/ledger`}>
            <span className="card-title">{t('productions.home.ledger')}</span>
            <span className="card-sub">{t('productions.home.ledgerSub')}</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href="/account">
            <span className="card-title">{t('productions.home.pin')}</span>
            <span className="card-sub">{me?.user.hasPin ? t('productions.home.pinSub') : t('productions.home.pinSubMissing')}</span>
          </Link>
        </li>
      </ul>
    </Page>
  );
}
