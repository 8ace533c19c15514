import { type FormEvent, useState } from 'react';
import type { AccountListQuery } from './accountQuery.js';
import { ScoreSelect } from './ScoreSelect.js';

/** The accounts list's score and name search; either starts again from the first page. */
export function AccountFilters({
  query,
  onApply,
}: {
  query: AccountListQuery;
  onApply(query: AccountListQuery): void;
}) {
  const [q, setQ] = useState(query.q);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...query, q: q.trim(), offset: 0 });
  };
  return (
    <form className="account-filters" onSubmit={submit} aria-label="Find accounts">
      <ScoreSelect value={query.score} onChange={(score) => onApply({ ...query, score, offset: 0 })} />
      <label className="account-field">
        Company or domain
        <input
          type="search"
          placeholder="Part of the name, any case"
          value={q}
          maxLength={200}
          onChange={(e) => setQ(e.target.value)}
        />
      </label>
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}
