/** The outcome of a toolbar action, shown next to its buttons. */
export interface FlashMessage {
  kind: 'ok' | 'error';
  text: string;
}

/** A short outcome message: an error is announced at once, a success politely. */
export function Flash({ message }: { message: FlashMessage | null }) {
  if (!message) return null;
  return (
    <span className={`flash ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}
    </span>
  );
}
