// Handing a notebook on: the head chooses a successor and writes them a note;
// when the head is gone (off the production, ill, quit, unreachable, dead) the
// producer does it, and a second person confirms with their PIN, so no one
// takes a department's memory alone. The successor becomes head with every
// entry and version, and the ledger records who, to whom, and the notebook's
// content hash.
import { useRef, useState } from 'react';
import { api, type HandoffBody } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { TileGroup, useProblemInView } from '../schedule/shared.js';
import { NotebookLoading, notebookPath, notebookTitle, notebooksPath, packagePath, useNotebookData, when, type NotebookData } from './shared.js';

type Reason = NonNullable<HandoffBody['reason']>;
const reasons: Record<Reason, string> = { ill: 'Ill', quit: 'Left the job', unreachable: 'Cannot be reached', deceased: 'Has died' };

type Done = Awaited<ReturnType<typeof api.handOffNotebook>> & { ok: true };

function HandedOn({ productionId, data, done }: { productionId: string; data: NotebookData; done: Done['data'] }) {
  const { handoff } = done;
  return (
    <section className="panel panel--done nb-handed" aria-labelledby="nb-handed" tabIndex={-1}>
      <h2 id="nb-handed">{data.nameOf(handoff.toUserId)} heads the notebook now</h2>
      <p>
        {handoff.entries === 1 ? '1 entry' : `${handoff.entries} entries`}, {handoff.versions} versions and {handoff.attachments === 1 ? '1 file' : `${handoff.attachments} files`} went with it, at{' '}
        {when(handoff.at, data.timezone)}. The ledger records the handoff with the notebook’s content hash, and none of its words:
      </p>
      <p>
        <code className="nb-hash">{handoff.contentHash}</code>
      </p>
      <p>{data.nameOf(handoff.toUserId)} finds a start-here package in the notebook.</p>
      <Link href={handoff.toUserId === data.myId ? packagePath(productionId, data.notebook.id) : notebooksPath(productionId)}>
        {handoff.toUserId === data.myId ? 'Open the start-here package' : 'Back to the notebooks'}
      </Link>
    </section>
  );
}

function HandoffForm({ productionId, data, handed }: { productionId: string; data: NotebookData; handed: (done: Done['data']) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const { notebook } = data;
  const asHead = notebook.standing === 'head';
  const headGone = !data.members.some((m) => m.userId === notebook.headId);
  const submit = useSubmit((body: HandoffBody, options) => api.handOffNotebook(productionId, notebook.id, body, options));
  useProblemInView(box, submit.problem);
  const [to, setTo] = useState('');
  const others = data.members.filter((m) => m.userId !== notebook.headId);
  const seconds = data.members.filter((m) => m.userId !== data.myId && m.userId !== notebook.headId && m.userId !== to);

  async function onSubmit(form: HTMLFormElement): Promise<void> {
    const note = text(form, 'note');
    const reason = text(form, 'reason') as Reason | '';
    const second = text(form, 'secondId');
    const pin = secret(form, 'pin');
    const body: HandoffBody = {
      toUserId: to,
      ...(note ? { note } : {}),
      ...(!asHead && reason ? { reason } : {}),
      ...(!asHead ? { confirmations: [{ userId: second, pin }] } : {}),
    };
    const done = await submit.run(body, () => {
      const invalid: Record<string, string> = {};
      if (!to) invalid.toUserId = 'Choose who takes the notebook over.';
      if (!asHead && !headGone && !reason) invalid.reason = 'Say why the head cannot hand it on.';
      if (!asHead && !second) invalid.secondId = 'Choose the second person who confirms.';
      if (!asHead && !isPin(pin)) invalid.pin = 'The second person types their PIN: 4 to 8 digits.';
      return invalid;
    });
    if (done) handed(done.data);
  }

  return (
    <div ref={box} className="nb-form">
      <Form label="Hand the notebook on" problem={submit.problem} fields={['toUserId', 'note', 'reason', 'secondId', 'pin', 'confirmations']} onSubmit={(f) => void onSubmit(f)}>
        {!asHead &&
          (headGone ? (
            <p className="nb-gone">{data.nameOf(notebook.headId)}, its head, is no longer on the production.</p>
          ) : (
            <TileGroup name="reason" legend={`Why ${data.nameOf(notebook.headId)} cannot hand it on`} choices={(Object.keys(reasons) as Reason[]).map((r) => ({ value: r, label: reasons[r] }))} error={submit.problem?.fields.reason} />
          ))}
        <SelectField name="toUserId" label="The new head" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">Choose…</option>
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({[m.department, rolesText(m.roles as Parameters<typeof rolesText>[0])].filter(Boolean).join(', ')})
            </option>
          ))}
        </SelectField>
        <TextAreaField name="note" label="A note to the new head (optional)" rows={4} className="nb-prose" hint="What to read first, what is on order, who to call. It goes with the notebook, never into the ledger." />
        {!asHead && (
          <fieldset className="nb-second">
            <legend>A second person confirms</legend>
            <p className="hint">Someone other than you, the head and the new head types their PIN on this device.</p>
            <SelectField name="secondId" label="Second person" defaultValue="">
              <option value="">Choose…</option>
              {seconds.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </SelectField>
            <Field name="pin" label="Their PIN" type="password" inputMode="numeric" autoComplete="off" maxLength={8} />
          </fieldset>
        )}
        <p className="hint">{asHead ? 'Once handed on, you no longer read this notebook unless the new head lets you in.' : 'The new head reads every entry and version; the ledger records who did this, and who confirmed.'}</p>
        <SubmitButton busy={submit.busy}>Hand the notebook on</SubmitButton>
      </Form>
    </div>
  );
}

function Handoff({ productionId, data }: { productionId: string; data: NotebookData }) {
  const [done, setDone] = useState<Done['data'] | null>(null);
  const { notebook } = data;
  if (done) return <HandedOn productionId={productionId} data={data} done={done} />;
  if (notebook.standing !== 'head' && !data.producer) return <p>Only {data.nameOf(notebook.headId)}, its head, hands this notebook on; when the head is gone, the producer does.</p>;
  return (
    <>
      <p className="lead">
        {notebook.standing === 'head'
          ? 'Choose who takes the department over. They receive every entry and version, and a start-here package.'
          : `When ${data.nameOf(notebook.headId)} cannot hand it on, you do, with a second person’s PIN.`}
      </p>
      <HandoffForm productionId={productionId} data={data} handed={setDone} />
    </>
  );
}

export function HandoffScreen({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' ? data.data : null;
  return (
    <Page title={ready ? `Hand off the ${notebookTitle(ready.notebook)}` : 'Hand off'}>
      <NotebookLoading state={data} retry={retry} />
      {ready && ready.notebook.standing !== 'outside' && (
        <p className="nb-back">
          <Link href={notebookPath(productionId, notebookId)}>{notebookTitle(ready.notebook)}</Link>
        </p>
      )}
      {ready && <Handoff productionId={productionId} data={ready} />}
    </Page>
  );
}
