/**
 * The files Extracto reads, by their names: a folder given to `extract`, the app's file dialog and
 * a drop on History all pick files with this list, so none of them offers what another refuses.
 *
 * The images are the formats sharp decodes from bytes in every build (readImage's check, in
 * core/pipeline.ts, has the last word on a file's contents). Left out on purpose: SVG (sharp
 * renders it, but a folder's SVGs are logos and icons far more often than documents) and HEIC
 * (sharp's prebuilt libvips decodes AVIF only, so an iPhone photo would stop a whole folder).
 */
export const IMAGE_EXTENSIONS = [
  '.png',
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.webp',
  '.tif',
  '.tiff',
  '.gif',
  '.avif',
] as const;

/** Documents of several pages (read in core/document). */
export const DOCUMENT_EXTENSIONS = ['.pdf'] as const;

export const INPUT_EXTENSIONS = [...IMAGE_EXTENSIONS, ...DOCUMENT_EXTENSIONS] as const;

/** A name's extension, lower-cased, when it is one Extracto reads ('.JPG' -> '.jpg'); else undefined. */
export function inputExtension(name: string): (typeof INPUT_EXTENSIONS)[number] | undefined {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const ext = name.slice(dot).toLowerCase();
  return INPUT_EXTENSIONS.find((e) => e === ext);
}
