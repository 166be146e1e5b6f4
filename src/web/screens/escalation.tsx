// The escalation ladder of concerns (S2): who handles a concern at each level,
// which external contacts are emailed, and how long each level has to
// acknowledge it per severity. A rule is configured by the safety advisor
// together with the producer: one proposes, the other confirms the same ladder.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Escalation, type EscalationLevel, type Role, type Severity } from '../api.js';
import { Form, SubmitButton, useSubmit } from '../components/form.js';
import { t } from '../i18n.js';
import { Link } from '../router.js';
import { allRoles, roleLabel } from '../roles.js';
import { useSession } from '../session.js';
import { useResource } from '../use-resource.js';
import { DEADLINE_MINUTES, DEFAULT_DEADLINES, ladderProblems } from '../../domain/concerns/escalation.js';
import { durationText, levelWhoText, parseDuration, severities, severityLabels } from './concern-shared.js';

const MAX_LEVELS = 6;

function LadderView({ levels }: { levels: EscalationLevel[] }) {
  const { t } = useTranslation();
  return (
    <ol className="ladder">
      {levels.map((level, i) => (
        <li key={i}>
          <p className="ladder-who">{t('productions.escalation.levelWho', { n: i + 1, who: levelWhoText(level) })}</p>
          {level.emails.length > 0 && <p className="ladder-emails">{level.emails.join(', ')}</p>}
          <p className="hint">
            {i === levels.length - 1
              ? t('productions.escalation.topOfLadder')
              : t('productions.escalation.climbsWithin', {
                  times: severities.map((s) => t('productions.escalation.severityWithin', { severity: severityLabels[s].word.toLowerCase(), time: durationText(level.deadlines[s]) })).join(' · '),
                })}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** "safety_advisor or producer" as the set says it: "safety advisor or the producer". */
function waitingText(waitingFor: string): string {
  return waitingFor
    .split(' or ')
    .map((role) => (allRoles.includes(role as Role) ? roleLabel(role as Role).toLowerCase() : role))
    .join(t('productions.escalation.orThe'));
}

interface Draft {
  roles: Role[];
  emails: string;
  deadlines: Record<Severity, string>;
}

// Deadlines are edited as people say them ("1 h 30 min", "2 days") and sent as the minutes the API takes.
const toDraft = (level: EscalationLevel): Draft => ({
  roles: level.roles,
  emails: level.emails.join('\n'),
  deadlines: { critical: durationText(level.deadlines.critical), high: durationText(level.deadlines.high), medium: durationText(level.deadlines.medium), low: durationText(level.deadlines.low) },
});


const emailsOf = (draft: Draft) => draft.emails.split(/[\s,;]+/).filter(Boolean);

/** The top level's deadlines are never used, nor shown to edit: one left unreadable by a removed level above falls back to the default. */
const toLevel = (draft: Draft, top = false): EscalationLevel => {
  const minutes = (severity: Severity) => {
    const written = draft.deadlines[severity];
    if (top && deadlineProblem(written)) return DEFAULT_DEADLINES[severity];
    return parseDuration(written) ?? Number.NaN;
  };
  return { roles: draft.roles, emails: emailsOf(draft), deadlines: { critical: minutes('critical'), high: minutes('high'), medium: minutes('medium'), low: minutes('low') } };
};
const toLevels = (drafts: Draft[]): EscalationLevel[] => drafts.map((draft, i) => toLevel(draft, i === drafts.length - 1));

/** A duration that does not break across lines between its number and its unit. */
const unbroken = (minutes: number) => durationText(minutes).replace(/ /g, '\u00a0');
const deadlineRange = () => t('productions.escalation.range', { min: unbroken(DEADLINE_MINUTES.min), max: unbroken(DEADLINE_MINUTES.max) });
const exampleTimes = () => [15, 90, 2880].map(unbroken);
const examples = () => exampleTimes().join(', ');

/** How a readable deadline was understood, when that is not already what it says. */
function readBack(written: string): string {
  const understood = durationText(parseDuration(written) ?? 0);
  return understood === written.trim() ? '' : `= ${understood}`;
}

/** What is wrong with a written deadline, or null when it reads as one the ladder allows. */
function deadlineProblem(written: string): string | null {
  const minutes = parseDuration(written);
  if (minutes === null) {
    const times = exampleTimes();
    return t('productions.escalation.writeTimeLike', { first: times.slice(0, -1).join(', '), last: times[times.length - 1] });
  }
  if (minutes < DEADLINE_MINUTES.min || minutes > DEADLINE_MINUTES.max) return t('productions.escalation.giveTime', { range: deadlineRange() });
  return null;
}

/** The domain's own ladder rules, and the times and addresses a form can get wrong, named by level. */
function problems(drafts: Draft[]): Record<string, string> {
  const invalid: Record<string, string> = {};
  drafts.forEach((draft, i) => {
    const bad = emailsOf(draft).find((email) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email));
    if (bad) invalid[t('productions.escalation.levelEmails', { n: i + 1 })] = t('productions.escalation.notEmail', { email: bad });
    // The top level climbs nowhere: its deadlines are not asked for.
    if (i === drafts.length - 1) return;
    for (const severity of severities) {
      const problem = deadlineProblem(draft.deadlines[severity]);
      if (problem) invalid[t('productions.escalation.levelSeverity', { n: i + 1, severity: severityLabels[severity].word.toLowerCase() })] = problem;
    }
  });
  for (const problem of ladderProblems(toLevels(drafts))) {
    const level = /^levels\.(\d+)/.exec(problem.path);
    const name = level ? t('productions.escalation.level', { n: Number(level[1]) + 1 }) : t('productions.escalation.theLadder');
    if (!(name in invalid)) invalid[name] = problem.message;
  }
  return invalid;
}

function LevelEditor({ draft, index, top, change, remove }: { draft: Draft; index: number; top: boolean; change: (draft: Draft) => void; remove?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const id = `level-${index}`;
  const toggle = (role: Role, on: boolean) => change({ ...draft, roles: on ? [...draft.roles, role] : draft.roles.filter((r) => r !== role) });
  return (
    <fieldset className="level-editor">
      <legend>{top ? t('productions.escalation.levelTop', { n: index + 1 }) : t('productions.escalation.level', { n: index + 1 })}</legend>
      <fieldset className="choices">
        <legend>{t('productions.escalation.handledBy')}</legend>
        <div className="choices-grid">
          {allRoles.map((role) => (
            <label key={role} className="choice">
              <input type="checkbox" checked={draft.roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
              <span>{roleLabel(role)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-emails`}>{t('productions.escalation.emails')}</label>
        <p className="hint" id={`${id}-emails-hint`}>
          {t('productions.escalation.emailsHint')}
        </p>
        <textarea id={`${id}-emails`} aria-describedby={`${id}-emails-hint`} rows={2} value={draft.emails} onChange={(e) => change({ ...draft, emails: e.target.value })} />
      </div>
      {top ? (
        <p className="hint">{t('productions.escalation.topNoDeadline')}</p>
      ) : (
        <fieldset className="deadlines" aria-describedby={`${id}-deadlines-hint`}>
          <legend>{t('productions.escalation.deadlines')}</legend>
          <p className="hint" id={`${id}-deadlines-hint`}>
            {t('productions.escalation.deadlinesHint', { examples: examples(), range: deadlineRange() })}
          </p>
          <div className="deadlines-grid">
            {severities.map((severity) => {
              const written = draft.deadlines[severity];
              const problem = deadlineProblem(written);
              return (
                <div className={problem ? 'field field--invalid' : 'field'} key={severity}>
                  <label htmlFor={`${id}-${severity}`}>{severityLabels[severity].word}</label>
                  <input
                    id={`${id}-${severity}`}
                    type="text"
                    autoComplete="off"
                    spellCheck={false}
                    aria-describedby={`${id}-${severity}-reads`}
                    aria-invalid={problem ? true : undefined}
                    value={written}
                    onChange={(e) => change({ ...draft, deadlines: { ...draft.deadlines, [severity]: e.target.value } })}
                  />
                  {/* Says back how the time was read, so "90" is seen to mean 1 h 30 min before anyone saves it. */}
                  <p className={problem ? 'field-error deadline-reads' : 'hint deadline-reads'} id={`${id}-${severity}-reads`}>
                    {problem ? `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.` : readBack(written)}
                  </p>
                </div>
              );
            })}
          </div>
        </fieldset>
      )}
      {remove && (
        <button type="button" className="button button--secondary" onClick={remove}>
          {t('productions.escalation.removeLevel', { n: index + 1 })}
        </button>
      )}
    </fieldset>
  );
}

function LadderEditor({ productionId, start, other, saved }: { productionId: string; start: EscalationLevel[]; other: string; saved: (escalation: Escalation) => void }) {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<Draft[]>(() => start.map(toDraft));
  const submit = useSubmit<{ levels: EscalationLevel[] }, { escalation: Escalation }>((body, options) => api.setEscalation(productionId, body, options));
  async function propose(): Promise<void> {
    const done = await submit.run({ levels: toLevels(drafts) }, () => problems(drafts));
    if (done) saved(done.data.escalation);
  }
  const add = () => setDrafts((was) => [...was, { roles: [], emails: '', deadlines: toDraft({ roles: [], emails: [], deadlines: DEFAULT_DEADLINES }).deadlines }]);
  return (
    <section className="panel" aria-labelledby="edit-ladder">
      <h2 id="edit-ladder">{t('productions.escalation.propose')}</h2>
      <p>{t('productions.escalation.proposeLead', { other })}</p>
      <Form label={t('productions.escalation.propose')} problem={submit.problem} fields={[]} onSubmit={() => void propose()}>
        {drafts.map((draft, i) => (
          <LevelEditor
            key={i}
            draft={draft}
            index={i}
            top={i === drafts.length - 1}
            change={(next) => setDrafts((was) => was.map((d, j) => (j === i ? next : d)))}
            remove={drafts.length > 2 ? () => setDrafts((was) => was.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        {drafts.length < MAX_LEVELS && (
          <button type="button" className="button button--secondary" onClick={add}>
            {t('productions.escalation.addLevel')}
          </button>
        )}
        <SubmitButton busy={submit.busy}>{t('productions.escalation.proposeSubmit')}</SubmitButton>
      </Form>
    </section>
  );
}

function Proposal({ productionId, escalation, nameOf, saved }: { productionId: string; escalation: Escalation; nameOf: (id: string) => string; saved: (escalation: Escalation) => void }) {
  const { t } = useTranslation();
  const { me, membership } = useSession();
  const submit = useSubmit<{ levels: EscalationLevel[] }, { escalation: Escalation }>((body, options) => api.setEscalation(productionId, body, options));
  const proposal = escalation.proposed;
  if (!proposal) return null;
  const roles = membership(productionId)?.roles ?? [];
  const mine = proposal.proposedBy === me?.user.id;
  const confirms = !mine && roles.some((role) => proposal.waitingFor.split(' or ').includes(role));
  async function confirm(): Promise<void> {
    const done = await submit.run({ levels: proposal!.levels });
    if (done) saved(done.data.escalation);
  }
  return (
    <section className="panel panel--warn" aria-labelledby="proposal-heading">
      <h2 id="proposal-heading">{t('productions.escalation.waitingFor', { who: waitingText(proposal.waitingFor) })}</h2>
      <p>
        {mine
          ? t('productions.escalation.youProposed', { who: waitingText(proposal.waitingFor) })
          : t('productions.escalation.proposedBy', { name: nameOf(proposal.proposedBy), who: waitingText(proposal.waitingFor) })}
      </p>
      <LadderView levels={proposal.levels} />
      {confirms && (
        <Form label={t('productions.escalation.confirmLabel')} problem={submit.problem} fields={[]} onSubmit={() => void confirm()}>
          <SubmitButton busy={submit.busy}>{t('productions.escalation.confirm')}</SubmitButton>
        </Form>
      )}
    </section>
  );
}

export function EscalationScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership, announce } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const [escalation, reload] = useResource(`${productionId}/escalation`, () => api.escalation(productionId));
  const [members] = useResource(`${productionId}/members`, () => api.members(productionId));
  const nameOf = (id: string) => (members.state === 'ready' ? (members.data.members.find((m) => m.userId === id)?.name ?? t('common.someone')) : t('common.someone'));
  const configures = roles.includes('safety_advisor') || roles.includes('producer');
  const other = waitingText(
    roles.includes('safety_advisor') && !roles.includes('producer') ? 'producer' : roles.includes('producer') && !roles.includes('safety_advisor') ? 'safety_advisor' : 'safety_advisor or producer',
  );

  function saved(next: Escalation): void {
    announce(next.status === 'active' ? t('productions.escalation.inForceNow') : t('productions.escalation.proposedNotice', { who: next.proposed ? waitingText(next.proposed.waitingFor) : other }));
    reload();
  }

  if (escalation.state === 'loading') return <p>{t('common.loading')}</p>;
  if (escalation.state === 'failed') return <p role="alert">{escalation.problem.detail}</p>;
  const data = escalation.data.escalation;
  return (
    <>
      <Link className="back-link" href={`/productions/${encodeURIComponent(productionId)}/concerns`}>
        {t('productions.escalation.allConcerns')}
      </Link>
      <p className="lead">{t('productions.escalation.lead')}</p>
      <Proposal productionId={productionId} escalation={data} nameOf={nameOf} saved={saved} />
      <section className="panel" aria-labelledby="ladder-heading">
        <h2 id="ladder-heading">{t('productions.escalation.inForce')}</h2>
        <LadderView levels={data.levels} />
      </section>
      {configures && <LadderEditor key={JSON.stringify(data.proposed?.levels ?? data.levels)} productionId={productionId} start={data.proposed?.levels ?? data.levels} other={other} saved={saved} />}
    </>
  );
}
