// Handing a notebook on: the head chooses a successor and writes them a note;
// when the head is gone (off the production, ill, quit, unreachable, dead) the
// producer does it, and a second person confirms with their PIN, so no one
// takes a department's memory alone. The successor becomes head with every
// entry and version, and the ledger records who, to whom, and the notebook's
// content hash.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type HandoffBody } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { Page } from '../../components/layout.js';
import { Link } from '../../router.js';
import { rolesText } from '../../roles.js';
import { TileGroup, useProblemInView } from '../schedule/shared.js';
import { NotebookLoading, notebookPath, notebookTitle, notebooksPath, packagePath, useNotebookData, when, type NotebookData } from './shared.js';

type Reason = NonNullable<HandoffBody['reason']>;
const reasons: readonly Reason[] = ['ill', 'quit', 'unreachable', 'deceased'];

type Done = Awaited<ReturnType<typeof api.handOffNotebook>> & { ok: true };

function HandedOn({ productionId, data, done }: { productionId: string; data: NotebookData; done: Done['data'] }) {
  const { t } = useTranslation();
  const { handoff } = done;
  return (
    <section className="panel panel--done nb-handed" aria-labelledby="nb-handed" tabIndex={-1}>
      <h2 id="nb-handed">{t('notebook.handoff.headsNow', { name: data.nameOf(handoff.toUserId) })}</h2>
      <p>
        {t('notebook.handoff.wentWith', {
          entries: t('notebook.entries', { count: handoff.entries }),
          versions: t('notebook.versions', { count: handoff.versions }),
          files: t('notebook.files', { count: handoff.attachments }),
          at: when(handoff.at, data.timezone),
        })}
      </p>
      <p>
        <code className="nb-hash">{handoff.contentHash}</code>
      </p>
      <p>{t('notebook.handoff.finds', { name: data.nameOf(handoff.toUserId) })}</p>
      <Link href={handoff.toUserId === data.myId ? packagePath(productionId, data.notebook.id) : notebooksPath(productionId)}>
        {handoff.toUserId === data.myId ? t('notebook.handoff.openPackage') : t('notebook.handoff.back')}
      </Link>
    </section>
  );
}

function HandoffForm({ productionId, data, handed }: { productionId: string; data: NotebookData; handed: (done: Done['data']) => void }) {
  const { t } = useTranslation();
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
      if (!to) invalid.toUserId = t('notebook.handoff.toNeeded');
      if (!asHead && !headGone && !reason) invalid.reason = t('notebook.handoff.reasonNeeded');
      if (!asHead && !second) invalid.secondId = t('notebook.handoff.secondNeeded');
      if (!asHead && !isPin(pin)) invalid.pin = t('notebook.handoff.pinNeeded');
      return invalid;
    });
    if (done) handed(done.data);
  }

  return (
    <div ref={box} className="nb-form">
      <Form label={t('notebook.handoff.handOn')} problem={submit.problem} fields={['toUserId', 'note', 'reason', 'secondId', 'pin', 'confirmations']} onSubmit={(f) => void onSubmit(f)}>
        {!asHead &&
          (headGone ? (
            <p className="nb-gone">{t('notebook.handoff.headGone', { name: data.nameOf(notebook.headId) })}</p>
          ) : (
            <TileGroup name="reason" legend={t('notebook.handoff.why', { name: data.nameOf(notebook.headId) })} choices={reasons.map((r) => ({ value: r, label: t(`notebook.handoff.reason.${r}`) }))} error={submit.problem?.fields.reason} />
          ))}
        <SelectField name="toUserId" label={t('notebook.handoff.newHead')} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t('notebook.choose')}</option>
          {others.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name} ({[m.department, rolesText(m.roles as Parameters<typeof rolesText>[0])].filter(Boolean).join(', ')})
            </option>
          ))}
        </SelectField>
        <TextAreaField name="note" label={t('notebook.handoff.note')} rows={4} className="nb-prose" hint={t('notebook.handoff.noteHint')} />
        {!asHead && (
          <fieldset className="nb-second">
            <legend>{t('notebook.handoff.second')}</legend>
            <p className="hint">{t('notebook.handoff.secondHint')}</p>
            <SelectField name="secondId" label={t('notebook.handoff.secondPerson')} defaultValue="">
              <option value="">{t('notebook.choose')}</option>
              {seconds.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </SelectField>
            <Field name="pin" label={t('notebook.handoff.pin')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} />
          </fieldset>
        )}
        <p className="hint">{asHead ? t('notebook.handoff.afterHead') : t('notebook.handoff.afterProducer')}</p>
        <SubmitButton busy={submit.busy}>{t('notebook.handoff.handOn')}</SubmitButton>
      </Form>
    </div>
  );
}

function Handoff({ productionId, data }: { productionId: string; data: NotebookData }) {
  const { t } = useTranslation();
  const [done, setDone] = useState<Done['data'] | null>(null);
  const { notebook } = data;
  if (done) return <HandedOn productionId={productionId} data={data} done={done} />;
  if (notebook.standing !== 'head' && !data.producer) return <p>{t('notebook.handoff.onlyHead', { name: data.nameOf(notebook.headId) })}</p>;
  return (
    <>
      <p className="lead">
        {notebook.standing === 'head'
          ? t('notebook.handoff.leadHead')
          : t('notebook.handoff.leadProducer', { name: data.nameOf(notebook.headId) })}
      </p>
      <HandoffForm productionId={productionId} data={data} handed={setDone} />
    </>
  );
}

export function HandoffScreen({ productionId, notebookId }: { productionId: string; notebookId: string }) {
  const { t } = useTranslation();
  const [data, retry] = useNotebookData(productionId, notebookId);
  const ready = data.state === 'ready' ? data.data : null;
  return (
    <Page title={ready ? t('notebook.handoff.titleOf', { notebook: notebookTitle(ready.notebook) }) : t('notebook.handoff.title')}>
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
