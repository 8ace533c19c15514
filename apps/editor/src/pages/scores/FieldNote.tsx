/** What the server said is wrong with one input, right below it; nothing when all is well. */
export function FieldNote({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={id} className="field-error">
      {error}
    </span>
  );
}

/** The props that mark an input the server refused, and point it at its FieldNote. */
export const invalidProps = (id: string, error: string | undefined) => ({
  'aria-invalid': Boolean(error),
  'aria-describedby': error ? id : undefined,
});
