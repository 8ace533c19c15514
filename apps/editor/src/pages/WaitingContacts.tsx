import type { WaitingPosition } from '@scoreflow/api';
import type { MissingStep } from '../api/versionMoves.js';

/** What publishing does with the contacts waiting in earlier versions. */
export type MoveChoice = { move: false } | { move: true; missing: MissingStep };

/** A step of the draft a contact can be sent to. */
export type DraftStep = { id: string; name: string };

const contacts = (n: number) => `${n} contact${n === 1 ? '' : 's'}`;

type Props = {
  version: number;
  positions: WaitingPosition[];
  /** The draft's steps other than triggers, for contacts whose own step is gone. */
  steps: DraftStep[];
  choice: MoveChoice;
  onChoice(next: MoveChoice): void;
};

/**
 * Where contacts wait in earlier versions, per version and step, and whether publishing keeps them
 * there or moves them to the new version (and, for those whose step the draft no longer has, where).
 */
export function WaitingContacts({ version, positions, steps, choice, onChoice }: Props) {
  const gone = positions.filter((p) => !p.inDraft);
  const goneCount = gone.reduce((n, p) => n + p.count, 0);
  const missing = choice.move ? choice.missing : null;
  const firstStep = steps[0];
  return (
    <div className="waiting-contacts" data-testid="waiting-contacts">
      <h3>Contacts waiting in earlier versions</h3>
      <ul data-testid="waiting-positions">
        {positions.map((p) => (
          <li key={`${p.version}-${p.nodeId}`} data-testid="waiting-position">
            Version {p.version}, at {p.nodeName}: {contacts(p.count)}
            {!p.inDraft && <span className="muted"> (this step is not in version {version})</span>}
          </li>
        ))}
      </ul>
      <fieldset className="radio-group">
        <legend>What happens to them?</legend>
        <label className="check">
          <input
            type="radio"
            name="move-choice"
            checked={!choice.move}
            onChange={() => onChoice({ move: false })}
          />
          Keep them on their version
        </label>
        <label className="check">
          <input
            type="radio"
            name="move-choice"
            checked={choice.move}
            onChange={() => onChoice({ move: true, missing: { kind: 'exit' } })}
          />
          Move them to the new version, at the same step; their waits keep their times
        </label>
      </fieldset>
      {missing && goneCount > 0 && (
        <fieldset className="radio-group" data-testid="missing-step-choice">
          <legend>
            {contacts(goneCount)} wait at a step version {version} no longer has. Where do they go?
          </legend>
          <label className="check">
            <input
              type="radio"
              name="missing-choice"
              checked={missing.kind === 'exit'}
              onChange={() => onChoice({ move: true, missing: { kind: 'exit' } })}
            />
            Take them out of the flow
          </label>
          <span className="check">
            <input
              id="missing-to-step"
              type="radio"
              name="missing-choice"
              disabled={!firstStep}
              checked={missing.kind === 'node'}
              onChange={() =>
                firstStep && onChoice({ move: true, missing: { kind: 'node', nodeId: firstStep.id } })
              }
            />
            <label htmlFor="missing-to-step">Send them to step</label>
            <select
              aria-label="Step to send them to"
              disabled={!firstStep}
              value={missing.kind === 'node' ? missing.nodeId : ''}
              onChange={(e) => onChoice({ move: true, missing: { kind: 'node', nodeId: e.target.value } })}
            >
              {missing.kind !== 'node' && <option value="">Choose a step…</option>}
              {steps.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </span>
        </fieldset>
      )}
    </div>
  );
}
