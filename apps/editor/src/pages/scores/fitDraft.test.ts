import { DEFAULT_GRADING, ScoringModel } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { emptyFitRule, fitDraftOf, fitRuleInWords } from './fitDraft.js';
import { describePointer, draftOfModel, modelInputOf } from './modelDraft.js';

const graded = ScoringModel.parse({
  name: 'Lead model',
  score: 'ENGAGE',
  fitScore: 'FITNESS',
  fitRules: [
    { id: 'vp', attribute: 'jobTitle', op: 'contains', value: 'VP', points: 15 },
    { id: 'big', attribute: 'companySize', op: 'gte', value: 200, points: 10 },
    { id: 'fr', attribute: 'country', op: 'neq', value: 'FR', points: -20 },
    { id: 'code', attribute: 'zip', op: 'eq', value: 75001, points: 5 },
    { id: 'phone', attribute: 'phone', op: 'exists', points: 2 },
  ],
  grading: { fit: { A: 50, B: 30, C: 10 }, engagement: { '1': 90, '2': 60, '3': 30 } },
});

describe('fit rules and grades in the model draft', () => {
  it('turns stored rules and grades into table text and back without change', () => {
    expect(ScoringModel.parse(modelInputOf(draftOfModel(graded)))).toEqual(graded);
  });

  it('compares with numbers for comparison operators and with the text otherwise', () => {
    const draft = draftOfModel(graded);
    const zip = draft.fitRules.find((r) => r.id === 'code');
    if (!zip) throw new Error('the zip rule is in the draft');
    draft.fitRules = [
      { ...emptyFitRule([]), attribute: ' seats ', op: 'gt', value: '10', points: '5' },
      { ...emptyFitRule([]), id: 'f2', attribute: 'plan', op: 'eq', value: '200', points: '5' },
      // A stored number stays one while its text is unchanged, and becomes text once retyped.
      { ...zip, value: '75002' },
    ];
    expect(modelInputOf(draft).fitRules).toEqual([
      { id: 'f1', attribute: 'seats', op: 'gt', value: 10, points: 5 },
      { id: 'f2', attribute: 'plan', op: 'eq', value: '200', points: 5 },
      { id: 'code', attribute: 'zip', op: 'eq', value: '75002', points: 5 },
    ]);
  });

  it('sends no grading while switched off, and keeps the typed thresholds for switching back on', () => {
    const draft = draftOfModel(graded);
    expect(draft.grade).toBe(true);
    expect(modelInputOf({ ...draft, grade: false }).grading).toBeNull();
    expect(modelInputOf({ ...draft, grade: true }).grading).toEqual(graded.grading);
  });

  it('starts an ungraded model with the default thresholds, and leaves a blank one for the server to refuse', () => {
    const plain = fitDraftOf(ScoringModel.parse({ name: 'Plain' }));
    expect(plain).toMatchObject({ fitScore: 'FIT', fitRules: [], grade: false });
    const draft = { ...draftOfModel(ScoringModel.parse({ name: 'Plain' })), grade: true };
    expect(modelInputOf(draft).grading).toEqual(DEFAULT_GRADING);
    draft.grading = { ...draft.grading, fit: { ...draft.grading.fit, B: ' ' } };
    expect(ScoringModel.safeParse(modelInputOf(draft)).error?.issues[0]?.path).toEqual([
      'grading',
      'fit',
      'B',
    ]);
  });

  it('reads each rule as the ledger names it, once it has an attribute and points', () => {
    const [vp, big, , , phone] = draftOfModel(graded).fitRules;
    expect(vp && fitRuleInWords(vp)).toBe('jobTitle contains "VP": +15');
    expect(big && fitRuleInWords({ ...big, value: '250' })).toBe('companySize >= 250: +10');
    expect(phone && fitRuleInWords(phone)).toBe('phone exists: +2');
    expect(fitRuleInWords(emptyFitRule([]))).toBe('');
    expect(vp && fitRuleInWords({ ...vp, points: '' })).toBe('');
  });

  it('gives new rules an unused id, and names rules and thresholds in problems', () => {
    const first = emptyFitRule([]);
    expect(first.id).toBe('f1');
    expect(emptyFitRule([first, { ...first, id: 'f2' }]).id).toBe('f3');
    expect(emptyFitRule([{ ...first, id: 'f2' }]).id).toBe('f3');
    expect(describePointer('/fitRules/2/value')).toBe('Fit rule 3, value');
    expect(describePointer('/grading/fit/B')).toBe('Grades, fit B');
    expect(describePointer('/grading/engagement/2')).toBe('Grades, engagement 2');
    expect(describePointer('/fitScore')).toBe('Fit score');
  });
});
