// The production's department notebooks the caller may open, and a form to
// open one: a department head opens their own department's, the producer or
// the UPM any department's, naming its head. The producer also sees the
// notebooks they cannot read, to hand one on when its head is gone.
import { useRef } from 'react';
import { api } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { useProblemInView } from '../schedule/shared.js';
import { handoffPath, NotebookLoading, notebookPath, notebookTitle, useSurroundings, type NotebookView } from './shared.js';

type Members = Array<{ userId: string; name: string; roles: readonly string[]; department: string | null }>;

function NotebookCard({ productionId, notebook, headName }: { productionId: string; notebook: NotebookView; headName: string }) {
  if (notebook.standing === 'outside') {
    return (
      <li className="card">
        <Link className="card-link" href={handoffPath(productionId, notebook.id)}>
          <span className="card-title">{notebookTitle(notebook)}</span>
          <span className="card-sub">Head: {headName}. Private to the department; hand it on here if its head is gone.</span>
        </Link>
      </li>
    );
  }
  return (
    <li className="card">
      <Link className="card-link" href={notebookPath(productionId, notebook.id)}>
        <span className="card-title">{notebookTitle(notebook)}</span>
        <span className="card-sub">
          {notebook.standing === 'head' ? 'You are the head' : `Head: ${headName}`} · {notebook.entries === 1 ? '1 entry' : `${notebook.entries} entries`}
        </span>
      </Link>
    </li>
  );
}

type OpenBody = Parameters<typeof api.createNotebook>[1];

function OpenNotebook({ productionId, members, opened }: { productionId: string; members: Members; opened: () => void }) {
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
      ...(b.department ? {} : { department: 'Name the department, like Camera or Lighting.' }),
      ...(b.headId ? {} : { headId: 'Choose who heads it.' }),
    }));
    if (!done) return;
    form.reset();
    announce(`The ${notebookTitle(done.data.notebook)} is open.`);
    opened();
  }

  return (
    <section className="panel" aria-labelledby="open-notebook">
      <h2 id="open-notebook">Open a notebook</h2>
      <div ref={box}>
        <Form label="Open a notebook" problem={submit.problem} fields={['department', 'headId']} onSubmit={(f) => void onSubmit(f)}>
          <Field name="department" label="Department" defaultValue={anyone ? '' : mine} list="nb-departments" autoComplete="off" hint="As the production names it: its members read the notebook." />
          <datalist id="nb-departments">
            {departments.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
          {anyone && (
            <SelectField name="headId" label="Head of department" defaultValue="">
              <option value="">Choose…</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                  {m.department ? ` (${m.department})` : ''}
                </option>
              ))}
            </SelectField>
          )}
          <SubmitButton busy={submit.busy}>Open the notebook</SubmitButton>
        </Form>
      </div>
    </section>
  );
}

export function NotebooksScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const [kept, reload] = useSurroundings(productionId);
  const roles = membership(productionId)?.roles ?? [];
  const mayOpen = roles.some((role) => role === 'department_head' || role === 'producer' || role === 'upm');
  const names = new Map(kept.state === 'ready' ? kept.data.members.map((m) => [m.userId, m.name]) : []);
  const notebooks = kept.state === 'ready' ? kept.data.notebooks : [];
  return (
    <Page title="Notebooks">
      <p className="lead">Each department’s memory: equipment and where it came from, dealers, people, looks, light, camera reports. The head hands it on to whoever takes over.</p>
      <NotebookLoading state={kept} retry={reload} />
      {kept.state === 'ready' &&
        (notebooks.length === 0 ? (
          <p>{mayOpen ? 'No notebooks yet. Open one for your department below.' : 'No notebook of your department yet: its head opens one.'}</p>
        ) : (
          <ul className="cards nb-cards">
            {notebooks.map((notebook) => (
              <NotebookCard key={notebook.id} productionId={productionId} notebook={notebook} headName={names.get(notebook.headId) ?? 'someone no longer on the production'} />
            ))}
          </ul>
        ))}
      {mayOpen && kept.state === 'ready' && !kept.stale && <OpenNotebook productionId={productionId} members={kept.data.members} opened={reload} />}
    </Page>
  );
}
