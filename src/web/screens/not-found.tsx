import { Page } from '../components/layout.js';
import { Link } from '../router.js';

export function NotFoundScreen() {
  return (
    <Page title="Not found">
      <p className="lead">There is nothing here, or it belongs to a production you are not on.</p>
      <p>
        <Link className="button button--secondary" href="/">
          Go to your productions
        </Link>
      </p>
    </Page>
  );
}
