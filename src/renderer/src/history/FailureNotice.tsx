import type { Result } from '../../../shared/result.ts';
import { sayStoredError } from '../../../shared/stored-error.ts';
import { useI18n } from '../i18n.ts';

/**
 * Why a result has no values (failed) or not yet (pending), said first and plainly, with the one
 * action that helps: try again. Nothing for a result that is ok.
 */
export function FailureNotice({
  result,
  running,
  disabled,
  onRetry,
}: {
  result: Pick<Result, 'status' | 'error' | 'errorCode' | 'errorParams'>;
  /** This retry is under way. */
  running: boolean;
  /** Something else is (a re-run): one at a time. */
  disabled: boolean;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  if (result.status === 'ok') return null;
  const failed = result.status === 'failed';
  const error = sayStoredError(t.locale, result);
  const why = error
    ? t(failed ? 'detailError' : 'pendingWhy', { error })
    : t(failed ? 'failedNoReason' : 'pendingNoReason');
  return (
    <div className={`failure failure-${result.status}`}>
      <p id="failure-why">{why}</p>
      {/* aria-disabled, not disabled: the button keeps the focus while the retry goes on. */}
      <button
        type="button"
        className="primary"
        aria-disabled={disabled}
        aria-describedby="failure-why"
        onClick={() => disabled || onRetry()}
      >
        {running ? t('retryRunning') : t('retryButton')}
      </button>
    </div>
  );
}
