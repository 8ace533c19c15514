import type { WaitingPosition } from '@scoreflow/api';
import {
  changeText,
  type FlowDiff,
  formatDuration,
  type ReentryPolicy,
  type SettingKey,
  type ValueChange,
} from '@scoreflow/flow';
import { useEffect, useRef, useState } from 'react';
import { Modal } from '../components/Modal.js';
import { shortLabel } from '../panels/form/jsonSchema.js';
import { REENTRY } from '../panels/SettingsPanel.js';
import { type DraftStep, type MoveChoice, WaitingContacts } from './WaitingContacts.js';

const SETTING_WORDS: Record<SettingKey, string> = {
  name: 'Name',
  description: 'Description',
  reentry: 'Re-entry',
  exits: 'Exit criteria',
  timezone: 'Time zone',
  sendWindow: 'Send window',
};

/** The re-entry policy in the words of the settings panel, not as `mode "cooldown", seconds 3600`. */
function reentryWords(value: unknown): string {
  const policy = value as ReentryPolicy | undefined;
  const label = REENTRY.find((r) => r.mode === policy?.mode)?.label;
  if (label === undefined || policy === undefined) return 'not set';
  const words = label.charAt(0).toLowerCase() + label.slice(1);
  return policy.mode === 'cooldown' ? `${words} (${formatDuration(policy.seconds)})` : words;
}

function settingText(change: ValueChange<SettingKey>): string {
  if (change.key !== 'reentry') return changeText(SETTING_WORDS[change.key], change);
  return `${SETTING_WORDS.reentry}: ${reentryWords(change.before)} → ${reentryWords(change.after)}`;
}

type Props = {
  /** The version this publish will create. */
  version: number;
  /** Against the latest published version; null for a first publish. */
  diff: FlowDiff | null;
  /** Runs still going (running or waiting) on earlier versions; null when they could not be counted. */
  activeRuns: number | null;
  /** Contacts waiting per version and step; null when they could not be loaded. */
  positions: WaitingPosition[] | null;
  /** The draft's steps other than triggers, by name. */
  steps: DraftStep[];
  busy: boolean;
  onConfirm(choice: MoveChoice): void;
  onCancel(): void;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Names may start a line with "the" ("the Exit step"); a list item starts with a capital. */
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function List({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="diff-group">
      <h3>{title}</h3>
      <ul>
        {items.map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two steps may read the same
          <li key={i}>{cap(text)}</li>
        ))}
      </ul>
    </div>
  );
}

function Changes({ diff }: { diff: FlowDiff }) {
  const changed = diff.changed.map((c) => {
    const parts: string[] = [];
    if (c.renamedFrom !== undefined) parts.push(`renamed from ${c.renamedFrom}`);
    if (c.typeChanged) parts.push('its type changed');
    for (const f of c.fields) parts.push(changeText(shortLabel(f.key), f));
    return `${c.name}: ${parts.join('; ')}`;
  });
  const handle = (h: string) => (h === 'next' ? '' : ` (${h})`);
  const connections = [
    ...diff.connectionsAdded.map((c) => `New: ${c.from}${handle(c.handle)} → ${c.to}`),
    ...diff.connectionsRemoved.map((c) => `Removed: ${c.from}${handle(c.handle)} → ${c.to}`),
  ];
  return (
    <div className="publish-diff" data-testid="publish-diff">
      <List title="Steps added" items={diff.added.map((s) => s.name)} />
      <List title="Steps removed" items={diff.removed.map((s) => s.name)} />
      <List title="Steps changed" items={changed} />
      <List title="Connections" items={connections} />
      <List title="Flow settings changed" items={diff.settings.map(settingText)} />
      {diff.moved > 0 && (
        <p className="muted small">{plural(diff.moved, 'step')} only moved on the canvas.</p>
      )}
    </div>
  );
}

function contactsSentence(activeRuns: number | null, version: number, move: boolean): string {
  const after = `Contacts who enter from now on go through version ${version}.`;
  if (activeRuns === 0) return `${after} No contact is in the flow right now.`;
  const stay = 'finish on the version they started on';
  // Only waiting contacts move; one in the middle of a step finishes it where it is.
  const those = move
    ? `those waiting move to version ${version}, the others ${stay}`
    : `those contacts ${stay}`;
  if (activeRuns === null)
    return move
      ? `${after} Contacts already in the flow and waiting move to version ${version}.`
      : `${after} Contacts already in the flow ${stay}.`;
  const are = activeRuns === 1 ? 'is' : 'are';
  return `${after} ${plural(activeRuns, 'run')} ${are} still in progress on earlier versions; ${those}.`;
}

/** What publishing will change and what happens to contacts already inside, before it happens. */
export function PublishDialog({
  version,
  diff,
  activeRuns,
  positions,
  steps,
  busy,
  onConfirm,
  onCancel,
}: Props) {
  const [choice, setChoice] = useState<MoveChoice>({ move: false });
  // Contacts whose step is gone must have somewhere to go before anything is moved.
  const incomplete = choice.move && choice.missing.kind === 'node' && choice.missing.nodeId === '';
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  return (
    <Modal title={`Publish version ${version}?`} onClose={onCancel} wide>
      {diff === null ? (
        <p>This is the flow’s first version.</p>
      ) : (
        <>
          <p>Compared with version {version - 1}:</p>
          <Changes diff={diff} />
        </>
      )}
      <p data-testid="publish-contacts">{contactsSentence(activeRuns, version, choice.move)}</p>
      {positions === null ? (
        <p className="muted small">Where contacts wait could not be loaded, so they stay on their version.</p>
      ) : (
        positions.length > 0 && (
          <WaitingContacts
            version={version}
            positions={positions}
            steps={steps}
            choice={choice}
            onChoice={setChoice}
          />
        )
      )}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          ref={confirmRef}
          disabled={busy || incomplete}
          onClick={() => onConfirm(choice)}
        >
          Publish version {version}
        </button>
      </div>
    </Modal>
  );
}
