import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { EvidenceOverlay } from './EvidenceOverlay.tsx';
import { boxesOn, type ValueReview } from './review.ts';
import { useZoom } from './useZoom.ts';
import { ZoomControls } from './ZoomControls.tsx';

interface Props {
  result: Result;
  reviews: ReadonlyMap<string, ValueReview>;
  active: { key: string; scroll: boolean } | null;
  labelOf: (key: string) => string;
  onHover: (key: string | null) => void;
  onPick: (key: string) => void;
  onOpen: () => void;
}

/** What one picture is: the stored image, or a page of a document (with its caption). */
interface Picture {
  page: number | undefined;
  width: number;
  height: number;
  src: string;
  alt: string;
  caption?: string;
}

/**
 * The stored picture (a document: each page read, one under the other) with its evidence boxes,
 * in a pane that zooms and pans (useZoom): every page drawn at the one scale.
 */
export function ResultPictures({ result, reviews, active, labelOf, onHover, onPick, onOpen }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const doc = result.document;
  const pictures: Picture[] = doc
    ? doc.pages.map(({ page, width, height }) => ({
        page,
        width,
        height,
        src: api.imageUrl(result.id, page),
        alt: t('detailPageAlt', { id: result.id, page: String(page) }),
        caption: t('detailPageCaption', { page: String(page), count: String(doc.pageCount) }),
      }))
    : [
        {
          page: undefined,
          width: result.image.width,
          height: result.image.height,
          src: api.imageUrl(result.id),
          alt: t('detailImageAlt', { id: result.id }),
        },
      ];
  const zoom = useZoom(pictures);
  const overlay = { active, labelOf, onHover, onPick };
  if (!result.image.path) return <p className="hint">{t('detailNoImage')}</p>;
  const { scale } = zoom;
  return (
    <div className="pictures" onKeyDown={zoom.onKeyDown}>
      <div className="pictures-bar">
        <ZoomControls zoom={zoom} />
        {/* Beside the picture it acts on: the system's viewer can print, annotate. */}
        <button type="button" onClick={onOpen}>
          {t(doc ? 'detailOpenDocument' : 'detailOpenImage')}
        </button>
      </div>
      <div
        className={`shot-view${zoom.panning ? ' panning' : zoom.atFit ? '' : ' zoomed'}`}
        ref={zoom.viewport}
        // Focusable: + / − / 0 zoom it, the arrows scroll it.
        tabIndex={0}
        role="group"
        aria-label={t('zoomPane')}
        {...zoom.pan}
      >
        {pictures.map(({ page, width, height, src, alt, caption }) => (
          <figure className="shot" key={page ?? 0}>
            <div
              className="shot-frame"
              // The frame is the picture at the scale (nothing until the pane is measured): the
              // boxes, in percentages of it, stay on their words at any zoom.
              style={{ width: (scale ?? 0) * width, height: (scale ?? 0) * height }}
            >
              <img src={src} alt={alt} draggable={false} />
              <EvidenceOverlay
                boxes={boxesOn(result, reviews, page)}
                width={width}
                height={height}
                {...overlay}
              />
            </div>
            {caption && <figcaption>{caption}</figcaption>}
          </figure>
        ))}
      </div>
    </div>
  );
}
