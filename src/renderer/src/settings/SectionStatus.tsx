import { useI18n } from '../i18n.ts';
import { Status } from '../ui/Status.tsx';

/** What the last save of a section did, with Undo while there is something to put back. */
export function SectionStatus({
  status,
  undo,
}: {
  status: { message: string; error?: boolean };
  undo: (() => Promise<void>) | null;
}) {
  const { t } = useI18n();
  return (
    <div className="actions section-status">
      <Status {...status} />
      {undo && !status.error && (
        <button type="button" className="link" onClick={() => void undo()}>
          {t('undo')}
        </button>
      )}
    </div>
  );
}
