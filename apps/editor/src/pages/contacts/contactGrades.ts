import type { ContactAccount, ContactGrade } from '@scoreflow/api';

/** Where an account's page is: its key, which may hold any character of a company name. */
export const accountHref = (account: Pick<ContactAccount, 'key'>) =>
  `/accounts/${encodeURIComponent(account.key)}`;

/** One line of a contact's grades cell: the grade, after its model's name when several models grade. */
export interface GradeLine {
  model: string | null;
  grade: string;
}

/**
 * A contact's grades in a list cell: the grade alone while one model grades ("B2"), each grade after
 * its model's name when several do ("Lead model B2", "Partners C3"); no lines when none does.
 */
export function gradeLines(grades: readonly Pick<ContactGrade, 'model' | 'grade'>[]): GradeLine[] {
  if (grades.length === 1) return grades.map((g) => ({ model: null, grade: g.grade }));
  return grades.map((g) => ({ model: g.model, grade: g.grade }));
}
