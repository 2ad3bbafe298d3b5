/** A polite live region: saves, exports and errors are announced without moving focus. */
export function Status({ message, error }: { message: string; error?: boolean }) {
  return (
    <p className={error ? 'status status-error' : 'status'} role={error ? 'alert' : 'status'}>
      {message}
    </p>
  );
}
