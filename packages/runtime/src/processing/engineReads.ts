import {
  type ContactView,
  type EngineContext,
  type EngineInput,
  type EngineResult,
  runFlow,
} from '@scoreflow/engine';
import {
  type FlowDocument,
  FREQUENCY_CAPS_SETTING,
  type FrequencyCapRule,
  type FrequencyCaps,
  type SentInWindow,
} from '@scoreflow/flow';
import type { GradingModel, RunRecord } from '@scoreflow/store';
import type { JobContext } from './context.js';

/** Thrown by a read the store has not answered yet; the engine turns it into a failed result. */
const UNREAD = new Error('read not answered yet');

/**
 * The engine is pure and synchronous: it asks for event counts, recent gains and score bounds through
 * callbacks that must answer at once, and the store answers with promises. So the engine runs with
 * what was read so far; a read not answered yet stops that run (its result is thrown away), is read,
 * and the engine runs again from the same input. The engine asks for exactly the reads it needs, in
 * the same order every time, so the store sees the queries it saw when it answered synchronously, each
 * once; only the engine's own (cheap, IO-free) work is repeated.
 */
class EngineReads {
  private readonly counts = new Map<string, number>();
  private readonly gains = new Map<string, number>();
  private readonly emails = new Map<string, SentInWindow>();
  private caps: readonly FrequencyCapRule[] | undefined;
  private models: readonly GradingModel[] | undefined;
  /** The read the last engine run stopped at. */
  private missing:
    | { kind: 'count' | 'gain' | 'bounds' | 'emails' | 'caps' | 'models'; name: string; sinceMs: number }
    | undefined;
  readonly context: EngineContext;

  constructor(
    private readonly job: JobContext,
    private readonly run: RunRecord,
    stepsSoFar: number,
  ) {
    this.context = {
      now: job.now,
      flowId: run.flowId,
      countEvents: (type, sinceMs) => this.answer(this.counts, 'count', type, sinceMs),
      scoreBounds: (score) => {
        if (job.definitions.has(score)) return job.definitions.peek(score);
        this.missing = { kind: 'bounds', name: score, sinceMs: 0 };
        throw UNREAD;
      },
      recentGain: (nodeId, sinceMs) => this.answer(this.gains, 'gain', nodeId, sinceMs),
      frequencyCaps: () => {
        if (this.caps !== undefined) return this.caps;
        this.missing = { kind: 'caps', name: '', sinceMs: 0 };
        throw UNREAD;
      },
      emailsSent: (category, sinceMs) => {
        // A category is a name (never empty), so '' stands for "every email".
        const known = this.emails.get(`${category ?? ''}\n${sinceMs}`);
        if (known !== undefined) return known;
        this.missing = { kind: 'emails', name: category ?? '', sinceMs };
        throw UNREAD;
      },
      gradedModel: (name) => {
        if (this.models === undefined) {
          this.missing = { kind: 'models', name: '', sinceMs: 0 };
          throw UNREAD;
        }
        return this.models.find((m) => m.name === name);
      },
      stepsSoFar,
    };
  }

  private answer(known: Map<string, number>, kind: 'count' | 'gain', name: string, sinceMs: number): number {
    const value = known.get(`${name}\n${sinceMs}`);
    if (value !== undefined) return value;
    this.missing = { kind, name, sinceMs };
    throw UNREAD;
  }

  /** Runs the engine until it needs nothing it has not been given. */
  async runFlow(doc: FlowDocument, contact: ContactView, input: EngineInput): Promise<EngineResult> {
    const { store } = this.job.deps;
    const { contactId, flowId } = this.run;
    for (;;) {
      this.missing = undefined;
      const result = runFlow(doc, contact, input, this.context);
      const missing = this.missing as EngineReads['missing'];
      if (!missing) return result;
      const { kind, name, sinceMs } = missing;
      if (kind === 'bounds') await this.job.definitions.get(name);
      else if (kind === 'caps') this.caps = await jobCaps(this.job);
      else if (kind === 'models') this.models = (await this.job.catalog()).gradedModels();
      else if (kind === 'emails')
        this.emails.set(
          `${name}\n${sinceMs}`,
          await store.outbox.emailsSince(contactId, sinceMs, name === '' ? undefined : name),
        );
      else if (kind === 'count')
        this.counts.set(`${name}\n${sinceMs}`, await store.events.countForContact(contactId, name, sinceMs));
      else {
        // The ledger as this job left it: its score changes gathered so far written first.
        await this.job.writeGatheredScores();
        this.gains.set(
          `${name}\n${sinceMs}`,
          await store.ledger.gainsFromNode(contactId, flowId, name, sinceMs),
        );
      }
    }
  }
}

/**
 * The workspace's frequency caps, read once per job (not per run: one event may run several flows
 * that send). A change applies from the next job on.
 */
const capsOfJob = new WeakMap<JobContext, Promise<readonly FrequencyCapRule[]>>();
function jobCaps(job: JobContext): Promise<readonly FrequencyCapRule[]> {
  let caps = capsOfJob.get(job);
  if (caps === undefined) {
    caps = job.deps.store.settings
      .get<FrequencyCaps>(FREQUENCY_CAPS_SETTING)
      .then((stored) => stored?.rules ?? [])
      .catch((error: unknown) => {
        // A read that failed (its transaction was rolled back to run again) is read again.
        capsOfJob.delete(job);
        throw error;
      });
    capsOfJob.set(job, caps);
  }
  return caps;
}

/** Runs the engine for one run of the job, answering its reads from the store. */
export function runEngine(
  job: JobContext,
  run: RunRecord,
  doc: FlowDocument,
  contact: ContactView,
  input: EngineInput,
  stepsSoFar: number,
): Promise<EngineResult> {
  return new EngineReads(job, run, stepsSoFar).runFlow(doc, contact, input);
}
