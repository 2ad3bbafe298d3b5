import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { EvidenceOverlay } from './EvidenceOverlay.tsx';
import { boxesOn, type ValueReview } from './review.ts';

interface Props {
  result: Result;
  reviews: ReadonlyMap<string, ValueReview>;
  active: { key: string; scroll: boolean } | null;
  labelOf: (key: string) => string;
  onHover: (key: string | null) => void;
  onPick: (key: string) => void;
  onOpen: () => void;
}

/** The stored picture (a document: each page read, one under the other) with its evidence boxes. */
export function ResultPictures({ result, reviews, active, labelOf, onHover, onPick, onOpen }: Props) {
  const api = useApi();
  const { t } = useI18n();
  const overlay = { active, labelOf, onHover, onPick };
  if (!result.image.path) return <p className="hint">{t('detailNoImage')}</p>;
  return (
    <>
      {result.document ? (
        result.document.pages.map(({ page, width, height }) => (
          <figure className="shot" key={page}>
            <div className="shot-frame">
              <img
                src={api.imageUrl(result.id, page)}
                alt={t('detailPageAlt', { id: result.id, page: String(page) })}
              />
              <EvidenceOverlay
                boxes={boxesOn(result, reviews, page)}
                width={width}
                height={height}
                {...overlay}
              />
            </div>
            <figcaption>
              {t('detailPageCaption', { page: String(page), count: String(result.document!.pageCount) })}
            </figcaption>
          </figure>
        ))
      ) : (
        <figure className="shot">
          <div className="shot-frame">
            <img src={api.imageUrl(result.id)} alt={t('detailImageAlt', { id: result.id })} />
            <EvidenceOverlay
              boxes={boxesOn(result, reviews, undefined)}
              width={result.image.width}
              height={result.image.height}
              {...overlay}
            />
          </div>
        </figure>
      )}
      {/* Beside the picture it acts on: the system's viewer can zoom, print, annotate. */}
      <button type="button" onClick={onOpen}>
        {t(result.document ? 'detailOpenDocument' : 'detailOpenImage')}
      </button>
    </>
  );
}
