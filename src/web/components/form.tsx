// Form pieces shared by every screen: labelled fields whose server errors sit
// under the right input, one live region per form, and a submit hook that
// retries a write with the same Idempotency-Key when its outcome is unknown.
import {
  createContext,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { newIdempotencyKey, type ApiResult, type Problem, type RequestOptions } from '../api.js';
import { t } from '../i18n.js';
import { refusalWords } from '../refusals.js';
import { useSession } from '../session.js';

const ProblemContext = createContext<{ problem: Problem | null; formId: string }>({ problem: null, formId: '' });

type Call<B, T> = (body: B, options: RequestOptions) => Promise<ApiResult<T>>;

export interface Submit<B, T> {
  problem: Problem | null;
  busy: boolean;
  /** Runs the call unless `check` finds invalid fields; resolves to the answer, or null on any problem. */
  run(body: B, check?: (body: B) => Record<string, string>): Promise<{ data: T } | null>;
}

export function useSubmit<B, T>(call: Call<B, T>): Submit<B, T> {
  const session = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef<{ body: string; key: string } | null>(null);
  const inFlight = useRef(false);

  async function run(body: B, check?: (body: B) => Record<string, string>): Promise<{ data: T } | null> {
    if (inFlight.current) return null;
    const invalid = check?.(body) ?? {};
    if (Object.keys(invalid).length > 0) {
      setProblem({ status: 400, title: t('common.form.invalid'), detail: t('common.form.correctFields'), fields: invalid });
      return null;
    }
    const text = JSON.stringify(body);
    const key = pending.current?.body === text ? pending.current.key : newIdempotencyKey();
    inFlight.current = true;
    setBusy(true);
    const result = await call(body, { idempotencyKey: key });
    inFlight.current = false;
    setBusy(false);
    // Only an unanswered request may be sent again under the same key.
    pending.current = !result.ok && result.problem.status === 0 ? { body: text, key } : null;
    setProblem(result.ok ? null : result.problem);
    if (!result.ok && result.problem.status === 401 && session.me) session.sessionEnded();
    return result.ok ? { data: result.data } : null;
  }

  return { problem, busy, run };
}

interface FormProps {
  /** The visible name of the form, for the landmark. */
  label: string;
  problem: Problem | null;
  /** Inputs in this form: a server error for any other field is listed in the summary. */
  fields: readonly string[];
  onSubmit: (form: HTMLFormElement) => void;
  children: ReactNode;
}

export function Form({ label, problem, fields, onSubmit, children }: FormProps) {
  const { t } = useTranslation();
  const formId = useId();
  const ref = useRef<HTMLFormElement>(null);

  const summary = useRef<HTMLDivElement>(null);
  // Every problem is brought into view: on a phone the form's top can sit above the screen,
  // and a refusal nobody sees looks as if nothing happened.
  useEffect(() => {
    if (!problem) return;
    const invalid = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) {
      invalid.focus();
      return;
    }
    summary.current?.focus({ preventScroll: true });
    summary.current?.scrollIntoView({ block: 'center' });
  }, [problem]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    onSubmit(event.currentTarget);
  }

  const strays = problem ? Object.entries(problem.fields).filter(([name]) => !fields.includes(name)) : [];
  return (
    <form ref={ref} className="form" aria-label={label} noValidate onSubmit={submit}>
      <div ref={summary} className="form-error" role="alert" aria-atomic="true" tabIndex={-1}>
        {problem && (
          <>
            <p>{problem.refusals ? t('common.form.refusedRecorded', { title: problem.title }) : problem.detail}</p>
            {problem.refusals && (
              <ul className="refusals">
                {problem.refusals.map((refusal, i) => (
                  <li key={i}>
                    <span className="rule">{refusal.rule}</span> {refusalWords(refusal)}
                  </li>
                ))}
              </ul>
            )}
            {strays.length > 0 && (
              <ul>
                {strays.map(([name, message]) => (
                  <li key={name}>{name ? `${name}: ${message}` : message}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      <ProblemContext.Provider value={{ problem, formId }}>{children}</ProblemContext.Provider>
    </form>
  );
}

/** Ids and error of the field named `name` in the enclosing Form. */
function useFieldProblem(name: string, hint: string | undefined) {
  const { problem, formId } = useContext(ProblemContext);
  const id = `${formId}-${name}`;
  const error = problem?.fields[name];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

/** A labelled control with its hint above and its server error below. */
function FieldFrame({ id, label, hint, error, children }: { id: string; label: string; hint: string | undefined; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

type Named<T> = Omit<T, 'name' | 'id'> & { name: string; label: string; hint?: string };

export function Field({ name, label, hint, ...input }: Named<InputHTMLAttributes<HTMLInputElement>>) {
  const { id, error, describedBy } = useFieldProblem(name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
    </FieldFrame>
  );
}

export function TextAreaField({ name, label, hint, ...area }: Named<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { id, error, describedBy } = useFieldProblem(name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...area} />
    </FieldFrame>
  );
}

export function SelectField({ name, label, hint, children, ...select }: Named<SelectHTMLAttributes<HTMLSelectElement>>) {
  const { id, error, describedBy } = useFieldProblem(name, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

interface ChoicesProps {
  name: string;
  legend: string;
  hint?: string;
  choices: readonly { value: string; label: string; sub?: string }[];
}

/** A fieldset of choices; its error belongs to the group, not to one box. */
function ChoiceGroup({ name, legend, hint, className, children }: Omit<ChoicesProps, 'choices'> & { className: string; children: ReactNode }) {
  const { id, error, describedBy } = useFieldProblem(name, hint);
  return (
    <fieldset className={`${className}${error ? ' field--invalid' : ''}`} aria-describedby={describedBy} aria-invalid={error ? true : undefined} tabIndex={error ? -1 : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A group of checkboxes. */
export function Choices({ choices, ...group }: ChoicesProps) {
  return (
    <ChoiceGroup {...group} className="choices">
      <div className="choices-grid">
        {choices.map((choice) => (
          <label key={choice.value} className="choice">
            <input type="checkbox" name={group.name} value={choice.value} />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </ChoiceGroup>
  );
}

/** One choice of a few, as big buttons a gloved thumb hits in one tap (radio buttons underneath). */
export function Tiles({ choices, ...group }: ChoicesProps) {
  return (
    <ChoiceGroup {...group} className="tiles">
      <div className="tiles-grid">
        {choices.map((choice) => (
          <label key={choice.value} className="tile">
            <input type="radio" name={group.name} value={choice.value} />
            <span className="tile-label">{choice.label}</span>
            {choice.sub && <span className="tile-sub">{choice.sub}</span>}
          </label>
        ))}
      </div>
    </ChoiceGroup>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    // aria-disabled rather than disabled: a disabled button would drop keyboard focus mid-submit.
    <button type="submit" className="button button--primary" aria-disabled={busy || undefined}>
      {busy ? t('common.working') : children}
    </button>
  );
}

/** Reads a text input from a submitted form, trimmed. */
export function text(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads a password or PIN exactly as typed: spaces may be part of it. */
export function secret(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

export const isPin = (pin: string): boolean => /^\d{4,8}$/.test(pin);
export const minPasswordLength = 12;
