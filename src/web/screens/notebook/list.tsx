// The production's department notebooks the caller may open, and a form to
// open one: a department head opens their own department's, the producer or
// the UPM any department's, naming its head. The producer also sees the
// notebooks they cannot read, to hand one on when its head is gone.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useProblemInView } from '../schedule/shared.js';
import { handoffPath, NotebookLoading, notebookPath, notebookTitle, useSurroundings, type NotebookView } from './shared.js';

type Members = Array<{ userId: string; name: string; roles: readonly string[]; department: string | null }>;

function NotebookCard({ productionId, notebook, headName }: { productionId: string; notebook: NotebookView; headName: string }) {
  const { t } = useTranslation();
  if (notebook.standing === 'outside') {
    return (
      <li className="card">
        <Link className="card-link" href={handoffPath(productionId, notebook.id)}>
          <span className="card-title">{notebookTitle(notebook)}</span>
          <span className="card-sub">{t('notebook.list.outside', { name: headName })}</span>
        </Link>
      </li>
    );
  }
  return (
    <li className="card">
      <Link className="card-link" href={notebookPath(productionId, notebook.id)}>
        <span className="card-title">{notebookTitle(notebook)}</span>
        <span className="card-sub">
          {notebook.standing === 'head' ? t('notebook.list.youHead') : t('notebook.list.head', { name: headName })} · {t('notebook.entries', { count: notebook.entries })}
        </span>
      </Link>
    </li>
  );
}

type OpenBody = Parameters<typeof api.createNotebook>[1];

function OpenNotebook({ productionId, members, opened }: { productionId: string; members: Members; opened: () => void }) {
  const { t } = useTranslation();
  const { me, membership, announce } = useSession();
  const box = useRef<HTMLDivElement>(null);
  const roles = membership(productionId)?.roles ?? [];
  const anyone = roles.includes('producer') || roles.includes('upm');
  const mine = membership(productionId)?.department ?? '';
  const submit = useSubmit((body: OpenBody, options) => api.createNotebook(productionId, body, options));
  useProblemInView(box, submit.problem);
  const departments = [...new Set(members.map((m) => m.department).filter((d): d is string => !!d))].sort();

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const body: OpenBody = { department: text(form, 'department'), headId: anyone ? text(form, 'headId') : (me?.user.id ?? '') };
    const done = await submit.run(body, (b) => ({
      ...(b.department ? {} : { department: t('notebook.list.departmentNeeded') }),
      ...(b.headId ? {} : { headId: t('notebook.list.headNeeded') }),
    }));
    if (!done) return;
    form.reset();
    announce(t('notebook.list.opened', { notebook: notebookTitle(done.data.notebook) }));
    opened();
  }

  return (
    <section className="panel" aria-labelledby="open-notebook">
      <h2 id="open-notebook">{t('notebook.list.open')}</h2>
      <div ref={box}>
        <Form label={t('notebook.list.open')} problem={submit.problem} fields={['department', 'headId']} onSubmit={(f) => void onSubmit(f)}>
          <Field name="department" label={t('notebook.list.department')} defaultValue={anyone ? '' : mine} list="nb-departments" autoComplete="off" hint={t('notebook.list.departmentHint')} />
          <datalist id="nb-departments">
            {departments.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          {anyone && (
            <SelectField name="headId" label={t('notebook.list.headOf')} defaultValue="">
              <option value="">{t('notebook.choose')}</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                  {m.department ? ` (${m.department})` : ''}
                </option>
              ))}
            </SelectField>
          )}
          <SubmitButton busy={submit.busy}>{t('notebook.list.openIt')}</SubmitButton>
        </Form>
      </div>
    </section>
  );
}

export function NotebooksScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const [kept, reload] = useSurroundings(productionId);
  const roles = membership(productionId)?.roles ?? [];
  const mayOpen = roles.some((role) => role === 'department_head' || role === 'producer' || role === 'upm');
  const names = new Map(kept.state === 'ready' ? kept.data.members.map((m) => [m.userId, m.name]) : []);
  const notebooks = kept.state === 'ready' ? kept.data.notebooks : [];
  return (
    <Page title={t('notebook.list.title')}>
      <p className="lead">{t('notebook.list.lead')}</p>
      <NotebookLoading state={kept} retry={reload} />
      {kept.state === 'ready' &&
        (notebooks.length === 0 ? (
          <p>{mayOpen ? t('notebook.list.noneOpen') : t('notebook.list.noneWait')}</p>
        ) : (
          <ul className="cards nb-cards">
            {notebooks.map((notebook) => (
              <NotebookCard key={notebook.id} productionId={productionId} notebook={notebook} headName={names.get(notebook.headId) ?? t('notebook.someoneGone')} />
            ))}
          </ul>
        ))}
      {mayOpen && kept.state === 'ready' && !kept.stale && <OpenNotebook productionId={productionId} members={kept.data.members} opened={reload} />}
    </Page>
  );
}
