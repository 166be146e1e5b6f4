import { api } from '../api.js';
import { Page } from '../components/layout.js';
import { Link } from '../router.js';
import { canManageMembers, canPrintSetPoster, rolesText } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';

export function ProductionHomeScreen({ productionId }: { productionId: string }) {
  const { me, membership } = useSession();
  const mine = membership(productionId);
  const [production] = useResource(productionId, () => api.production(productionId));
  if (!mine) return null;
  const base = `/productions/${encodeURIComponent(productionId)}`;

  return (
    <Page title={mine.productionName}>
      <p className="lead">
        You are on this production as <strong>{rolesText(mine.roles)}</strong>
        {mine.department ? ` (${mine.department})` : ''}.
      </p>
      <section aria-labelledby="production-facts" className="panel">
        <h2 id="production-facts">Production</h2>
        {production.state === 'loading' && <p>Loading…</p>}
        {production.state === 'failed' && <p role="alert">{production.problem.detail}</p>}
        {production.state === 'ready' && (
          <dl className="facts">
            <div>
              <dt>Time zone</dt>
              <dd>{production.data.production.timezone.replaceAll('_', ' ')}</dd>
            </div>
            <div>
              <dt>Set code</dt>
              <dd>
                <code className="set-code">{production.data.production.setCode}</code>
                <p className="hint">Anyone on set can use this code to stop work or report a concern without an account.</p>
              </dd>
            </div>
          </dl>
        )}
      </section>
      <ul className="cards">
        <li className="card">
          <Link className="card-link" href={`${base}/stops`}>
            <span className="card-title">Stops</span>
            <span className="card-sub">Stops of work, active and recent, and who has acknowledged them</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/armory`}>
            <span className="card-title">Armory</span>
            <span className="card-sub">
              {mine.roles.includes('armorer') ? 'Check out, inspect, hand off and take back firearms' : 'Where every firearm is, and whether it is hot or cold'}
            </span>
          </Link>
        </li>
        <li className="card card--danger">
          <Link className="card-link" href={`${base}/armory/live-round`}>
            <span className="card-title">Live round found</span>
            <span className="card-sub">Anyone who finds a live round on set says so here: firearm work stops at once</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/concerns`}>
            <span className="card-title">Concerns</span>
            <span className="card-sub">Report a safety concern, anonymously if you wish, and follow the ones that reach you</span>
          </Link>
        </li>
        {canPrintSetPoster(mine.roles) && (
          <li className="card">
            <Link className="card-link" href={`${base}/set-code`}>
              <span className="card-title">Set QR code</span>
              <span className="card-sub">Print the poster that lets anyone on set stop work without an account</span>
            </Link>
          </li>
        )}
        <li className="card">
          <Link className="card-link" href={`${base}/members`}>
            <span className="card-title">Members</span>
            <span className="card-sub">{canManageMembers(mine.roles) ? 'See the crew and invite people' : 'See who is on the production'}</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href={`${base}/ledger`}>
            <span className="card-title">Ledger</span>
            <span className="card-sub">Every safety record in order, and a check that nobody has changed one</span>
          </Link>
        </li>
        <li className="card">
          <Link className="card-link" href="/account">
            <span className="card-title">My PIN</span>
            <span className="card-sub">
              {me?.user.hasPin
                ? 'You type it on the armorer’s tablet to confirm a hand-off or a check you witnessed'
                : 'Not set yet: set it before you confirm anything on set'}
            </span>
          </Link>
        </li>
      </ul>
    </Page>
  );
}
