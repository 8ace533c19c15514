import { scoresApi } from '../../api/scoring.js';
import { useLoad } from '../../components/useLoad.js';

/**
 * The named score accounts are scored by. A score named in the address but not defined (flows may
 * add to a score nobody defined) stays selectable, so the page shows what its address says.
 */
export function ScoreSelect({ value, onChange }: { value: string; onChange(score: string): void }) {
  const { data, error } = useLoad(scoresApi.list);
  const names = (data ?? []).map((s) => s.name);
  if (!names.includes(value)) names.unshift(value);
  return (
    <>
      <label className="account-field">
        Score
        <select value={value} onChange={(e) => onChange(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span className="flash error" role="alert">
          The scores could not be listed: {error}
        </span>
      )}
    </>
  );
}
