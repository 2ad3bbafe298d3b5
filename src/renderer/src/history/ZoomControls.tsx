import { useI18n } from '../i18n.ts';
import type { Zoom } from './useZoom.ts';
import { percentOf } from './zoom.ts';

/**
 * −, the zoom in percent (a click: 100%), + and Fit, above the picture. Limits are told with
 * aria-disabled, not disabled: the button keeps the focus a keyboard user pressed it with.
 */
export function ZoomControls({ zoom }: { zoom: Zoom }) {
  const { t } = useI18n();
  const percent = zoom.scale === null ? '' : `${percentOf(zoom.scale)}%`;
  return (
    <div className="zoom-controls" role="group" aria-label={t('zoomLabel')}>
      <button
        type="button"
        className="icon"
        aria-label={t('zoomOut')}
        title={t('zoomOut')}
        aria-disabled={zoom.atFit}
        onClick={zoom.zoomOut}
      >
        −
      </button>
      <button
        type="button"
        className="zoom-percent"
        aria-label={t('zoomActualSize', { percent })}
        title={t('zoomActualSize', { percent })}
        onClick={zoom.actualSize}
      >
        {percent}
      </button>
      <button
        type="button"
        className="icon"
        aria-label={t('zoomIn')}
        title={t('zoomIn')}
        aria-disabled={zoom.atMax}
        onClick={zoom.zoomIn}
      >
        +
      </button>
      <button type="button" aria-disabled={zoom.atFit} title={t('zoomFitTitle')} onClick={zoom.toFit}>
        {t('zoomFit')}
      </button>
    </div>
  );
}
