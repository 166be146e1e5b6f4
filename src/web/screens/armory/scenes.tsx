// The scenes the armory works (firearms, blanks, or a shot aimed toward a
// person), and the F10 consultation a scene aimed toward a person or the
// camera needs before any hand-off: the plan, then the armorer's and the safety
// advisor's PINs, each named, typed on the same tablet.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Scene } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { t } from '../../i18n.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { rolesText } from '../../roles.js';
import { armoryPath, isFirearmScene, RuleId, sceneText, useCrewAndSchedule, type CrewMember } from '../armory-shared.js';

type Consultation = Parameters<typeof api.consult>[2];

/** The hazards the armory works, in the language shown now. */
function hazardText(hazard: string): string | null {
  if (hazard === 'firearms') return t('armory.scenes.firearms');
  if (hazard === 'blanks') return t('armory.scenes.blanks');
  return null;
}

interface Recorded {
  armorer: string;
  advisor: string;
}

function ConsultationForm({ productionId, scene, people, done }: { productionId: string; scene: Scene; people: CrewMember[]; done: (recorded: Recorded) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const submit = useSubmit((body: Consultation, options) => api.consult(productionId, scene.id, body, options));
  const [cleared, setCleared] = useState(false);
  const armorers = people.filter((m) => m.roles.includes('armorer'));
  const advisors = people.filter((m) => m.roles.includes('safety_advisor'));
  const mine = (list: CrewMember[]) => list.find((m) => m.userId === me?.user.id)?.userId ?? list[0]?.userId ?? '';
  const nameOf = (userId: string) => people.find((m) => m.userId === userId)?.name ?? t('armory.people.someone');
  const [armorerId, setArmorerId] = useState(mine(armorers));
  const [advisorId, setAdvisorId] = useState(mine(advisors.filter((m) => m.userId !== mine(armorers))));

  async function consult(form: HTMLFormElement): Promise<void> {
    const plan = text(form, 'plan');
    const armorerPin = secret(form, 'armorerPin');
    const advisorPin = secret(form, 'advisorPin');
    const body: Consultation = {
      plan,
      confirmations: [
        { userId: armorerId, pin: armorerPin },
        { userId: advisorId, pin: advisorPin },
      ],
    };
    const answer = await submit.run(body, () => {
      const invalid: Record<string, string> = {};
      if (!plan) invalid.plan = t('armory.scenes.planMissing');
      if (!armorerId) invalid.armorerId = t('armory.scenes.noArmorer');
      if (!advisorId) invalid.advisorId = t('armory.scenes.noAdvisor');
      if (armorerId && armorerId === advisorId) invalid.advisorId = t('armory.scenes.twoPeople');
      if (!isPin(armorerPin)) invalid.armorerPin = t('armory.pin.digits');
      if (!isPin(advisorPin)) invalid.advisorPin = t('armory.pin.digits');
      return invalid;
    });
    for (const name of ['armorerPin', 'advisorPin']) {
      const input = form.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = '';
    }
    setCleared(!answer);
    if (answer) done({ armorer: nameOf(answer.data.consultation.armorerId), advisor: nameOf(answer.data.consultation.advisorId) });
  }

  const armorerName = nameOf(armorerId);
  const advisorName = nameOf(advisorId);
  return (
    <Form
      label={t('armory.scenes.formLabel', { number: scene.number })}
      problem={submit.problem}
      fields={['plan', 'armorerId', 'armorerPin', 'advisorId', 'advisorPin']}
      onSubmit={(f) => void consult(f)}
    >
      <TextAreaField className="prose" name="plan" label={t('armory.scenes.plan')} hint={t('armory.scenes.planHint')} rows={4} />
      <div className="arm-pin-pair">
        <div className="arm-pin-person">
          <SelectField name="armorerId" label={rolesText(['armorer'])} value={armorerId} onChange={(e) => setArmorerId(e.target.value)}>
            {armorers.length === 0 && <option value="">{t('armory.scenes.noArmorerOption')}</option>}
            {armorers.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <Field
            name="armorerPin"
            label={t('armory.scenes.armorerPin', { name: armorerName })}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            hint={cleared ? t('armory.pin.cleared', { person: armorerName }) : t('armory.scenes.armorerPinHint', { name: armorerName })}
          />
        </div>
        <div className="arm-pin-person">
          <SelectField name="advisorId" label={rolesText(['safety_advisor'])} value={advisorId} onChange={(e) => setAdvisorId(e.target.value)}>
            {advisors.length === 0 && <option value="">{t('armory.scenes.noAdvisorOption')}</option>}
            {advisors.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <Field
            name="advisorPin"
            label={t('armory.scenes.advisorPin', { name: advisorName })}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            hint={cleared ? t('armory.pin.cleared', { person: advisorName }) : t('armory.scenes.advisorPinHint', { name: advisorName })}
          />
        </div>
      </div>
      <SubmitButton busy={submit.busy}>{t('armory.scenes.recordConsultation')}</SubmitButton>
    </Form>
  );
}

function SceneItem({ productionId, scene, people, records }: { productionId: string; scene: Scene; people: CrewMember[]; records: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { announce } = useSession();
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);
  // Opened from a hand-off's "Record the F10 consultation" link: this scene's form is the one wanted.
  useEffect(() => {
    if (location.hash === `#scene-${scene.id}` && records && scene.aimedAtPerson) setOpen(true);
  }, [scene.id, scene.aimedAtPerson, records]);
  const hazards = scene.hazards.map(hazardText).filter((h): h is string => h !== null);
  return (
    <li id={`scene-${scene.id}`} className="panel arm-scene" aria-label={sceneText(scene)}>
      <h2 className="arm-scene-title">{sceneText(scene)}</h2>
      <p className="arm-sub">{[...hazards, scene.aimedAtPerson ? t('armory.scenes.aimed') : ''].filter(Boolean).join(' · ')}</p>
      {scene.aimedAtPerson && !recorded && (
        <p className="arm-note">
          <RuleId id="F10" /> {t('armory.scenes.f10Needed')}
        </p>
      )}
      {recorded && (
        <p className="status status--done">
          {t('armory.scenes.recorded', { armorer: recorded.armorer, advisor: recorded.advisor })}
        </p>
      )}
      {scene.aimedAtPerson && records && !recorded && !open && (
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          {t('armory.firearm.recordF10')}
        </button>
      )}
      {open && !recorded && (
        <div className="action-form">
          <h3 ref={heading} tabIndex={-1}>
            {t('armory.scenes.f10Heading')}
          </h3>
          <ConsultationForm
            productionId={productionId}
            scene={scene}
            people={people}
            done={(next) => {
              setRecorded(next);
              setOpen(false);
              announce(t('armory.scenes.announced', { number: scene.number }));
            }}
          />
          <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
            {t('armory.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}

export function FirearmScenesScreen({ productionId }: { productionId: string }) {
  const { t } = useTranslation();
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const records = roles.includes('armorer') || roles.includes('safety_advisor');
  const { scenes, people, ready } = useCrewAndSchedule(productionId);
  const firearmScenes = scenes.filter(isFirearmScene);
  return (
    <>
      <Link className="back-link" href={armoryPath(productionId)}>
        {t('armory.title')}
      </Link>
      <p className="lead">{t('armory.scenes.lead')}</p>
      {!records && <p className="hint">{t('armory.scenes.whoRecords')}</p>}
      {!ready ? (
        <p>{t('armory.loading')}</p>
      ) : firearmScenes.length === 0 ? (
        <p>{t('armory.scenes.none')}</p>
      ) : (
        <ul className="arm-scenes">
          {firearmScenes.map((scene) => (
            <SceneItem key={scene.id} productionId={productionId} scene={scene} people={people} records={records} />
          ))}
        </ul>
      )}
    </>
  );
}
