// The scenes the armory works (firearms, blanks, or a shot aimed toward a
// person), and the F10 consultation a scene aimed toward a person or the
// camera needs before any hand-off: the plan, then the armorer's and the safety
// advisor's PINs, each named, typed on the same tablet.
import { useEffect, useRef, useState } from 'react';
import { api, type Scene } from '../../api.js';
import { Field, Form, SelectField, SubmitButton, TextAreaField, isPin, secret, text, useSubmit } from '../../components/form.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { armoryPath, isFirearmScene, sceneText, useCrewAndSchedule, type CrewMember } from '../armory-shared.js';

type Consultation = Parameters<typeof api.consult>[2];

const hazardWords: Record<string, string> = { firearms: 'Firearms', blanks: 'Blanks' };

interface Recorded {
  armorer: string;
  advisor: string;
}

function ConsultationForm({ productionId, scene, people, done }: { productionId: string; scene: Scene; people: CrewMember[]; done: (recorded: Recorded) => void }) {
  const { me } = useSession();
  const submit = useSubmit((body: Consultation, options) => api.consult(productionId, scene.id, body, options));
  const [cleared, setCleared] = useState(false);
  const armorers = people.filter((m) => m.roles.includes('armorer'));
  const advisors = people.filter((m) => m.roles.includes('safety_advisor'));
  const mine = (list: CrewMember[]) => list.find((m) => m.userId === me?.user.id)?.userId ?? list[0]?.userId ?? '';
  const nameOf = (userId: string) => people.find((m) => m.userId === userId)?.name ?? 'someone';
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
      if (!plan) invalid.plan = 'Write the plan: angles, distances, shields';
      if (!armorerId) invalid.armorerId = 'The production has no armorer';
      if (!advisorId) invalid.advisorId = 'The production has no safety advisor';
      if (armorerId && armorerId === advisorId) invalid.advisorId = 'The armorer and the safety advisor are two people';
      if (!isPin(armorerPin)) invalid.armorerPin = 'A PIN is 4 to 8 digits';
      if (!isPin(advisorPin)) invalid.advisorPin = 'A PIN is 4 to 8 digits';
      return invalid;
    });
    for (const name of ['armorerPin', 'advisorPin']) {
      const input = form.elements.namedItem(name);
      if (input instanceof HTMLInputElement) input.value = '';
    }
    setCleared(!answer);
    if (answer) done({ armorer: nameOf(answer.data.consultation.armorerId), advisor: nameOf(answer.data.consultation.advisorId) });
  }

  const pinHint = (who: string, role: string) => (cleared ? `Cleared after the refusal above: ${who} types it again.` : `${who}, the ${role}, types their own PIN.`);
  return (
    <Form label={`F10 consultation for scene ${scene.number}`} problem={submit.problem} fields={['plan', 'armorerId', 'armorerPin', 'advisorId', 'advisorPin']} onSubmit={(f) => void consult(f)}>
      <TextAreaField className="prose" name="plan" label="The plan" hint="Camera and performer positions, distances, shields, who stands where when it fires." rows={4} />
      <div className="arm-pin-pair">
        <div className="arm-pin-person">
          <SelectField name="armorerId" label="Armorer" value={armorerId} onChange={(e) => setArmorerId(e.target.value)}>
            {armorers.length === 0 && <option value="">No armorer on the production</option>}
            {armorers.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <Field name="armorerPin" label={`${nameOf(armorerId)} (armorer): PIN`} type="password" inputMode="numeric" autoComplete="off" maxLength={8} hint={pinHint(nameOf(armorerId), 'armorer')} />
        </div>
        <div className="arm-pin-person">
          <SelectField name="advisorId" label="Safety advisor" value={advisorId} onChange={(e) => setAdvisorId(e.target.value)}>
            {advisors.length === 0 && <option value="">No safety advisor on the production</option>}
            {advisors.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <Field
            name="advisorPin"
            label={`${nameOf(advisorId)} (safety advisor): PIN`}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            hint={pinHint(nameOf(advisorId), 'safety advisor')}
          />
        </div>
      </div>
      <SubmitButton busy={submit.busy}>Record the consultation</SubmitButton>
    </Form>
  );
}

function SceneItem({ productionId, scene, people, records }: { productionId: string; scene: Scene; people: CrewMember[]; records: boolean }) {
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
  const hazards = scene.hazards.filter((h) => h in hazardWords).map((h) => hazardWords[h]);
  return (
    <li id={`scene-${scene.id}`} className="panel arm-scene" aria-label={sceneText(scene)}>
      <h2 className="arm-scene-title">{sceneText(scene)}</h2>
      <p className="arm-sub">{[...hazards, scene.aimedAtPerson ? 'Aimed toward a person or the camera' : ''].filter(Boolean).join(' · ')}</p>
      {scene.aimedAtPerson && !recorded && (
        <p className="arm-note">
          <span className="rule">F10</span> A consultation with the armorer and the safety advisor must be on record before any hand-off for this scene.
        </p>
      )}
      {recorded && (
        <p className="status status--done">
          Consultation recorded: {recorded.armorer} (armorer) and {recorded.advisor} (safety advisor) confirmed the plan.
        </p>
      )}
      {scene.aimedAtPerson && records && !recorded && !open && (
        <button type="button" className="button button--primary" onClick={() => setOpen(true)}>
          Record the F10 consultation
        </button>
      )}
      {open && !recorded && (
        <div className="action-form">
          <h3 ref={heading} tabIndex={-1}>
            F10 consultation
          </h3>
          <ConsultationForm
            productionId={productionId}
            scene={scene}
            people={people}
            done={(next) => {
              setRecorded(next);
              setOpen(false);
              announce(`F10 consultation for scene ${scene.number} recorded.`);
            }}
          />
          <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
    </li>
  );
}

export function FirearmScenesScreen({ productionId }: { productionId: string }) {
  const { membership } = useSession();
  const roles = membership(productionId)?.roles ?? [];
  const records = roles.includes('armorer') || roles.includes('safety_advisor');
  const { scenes, people, ready } = useCrewAndSchedule(productionId);
  const firearmScenes = scenes.filter(isFirearmScene);
  return (
    <>
      <Link className="back-link" href={armoryPath(productionId)}>
        Armory
      </Link>
      <p className="lead">
        Scenes with firearms or blanks. A shot aimed toward a person or the camera needs a consultation with the armorer and the safety advisor before the hand-off
        (F10).
      </p>
      {!records && <p className="hint">The armorer or the safety advisor records a consultation; both type their PINs.</p>}
      {!ready ? (
        <p>Loading…</p>
      ) : firearmScenes.length === 0 ? (
        <p>No scene in the schedule has firearms or blanks.</p>
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
