import { useCallback, useRef, useState, type DragEvent } from 'react';
import { inputExtension } from '../../../shared/input-files.ts';
import type { IpcRequest } from '../../../shared/ipc.ts';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';

export interface DropState {
  /** Files are being dragged over the window: the drop target shows. */
  over: boolean;
  /** How the drops are going (kept apart from the window's notices, which a new result clears). */
  status: { message: string; error?: boolean };
  clearStatus(): void;
  /** Handlers for the element that takes the drop (the whole window). */
  handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

/** Only a drag that carries files is ours: a dragged table row or text is left alone. */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files');
}

/** Bytes as base64, in slices: String.fromCharCode takes only so many arguments at once. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Images and PDFs dropped on History are extracted with the active profile, one after another
 * (a second drop waits for the first), each result shown as it arrives. Main reads a dropped file
 * where it is on disk; a plain browser cannot say where, so there its bytes are sent.
 */
export function useDropExtract(onResult: (result: Result) => void): DropState {
  const api = useApi();
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const [status, setStatus] = useState<DropState['status']>({ message: '' });
  const onStatus = useCallback(
    (message: string, error?: boolean) => setStatus({ message, ...(error ? { error } : {}) }),
    [],
  );
  const clearStatus = useCallback(() => setStatus({ message: '' }), []);
  // dragenter and dragleave fire for every child crossed: the target hides when the count is 0.
  const depth = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const extractAll = useCallback(
    async (files: File[]) => {
      const readable = files.filter((f) => inputExtension(f.name));
      const left = files.filter((f) => !inputExtension(f.name)).map((f) => f.name);
      if (readable.length === 0) {
        onStatus(t('dropNothing', { names: left.join(', ') }), true);
        return;
      }
      let done = 0;
      const failures: string[] = [];
      for (const file of readable) {
        onStatus(
          t('dropExtracting', { done: done + failures.length + 1, total: readable.length, name: file.name }),
        );
        try {
          const where = api.pathForFile(file);
          const source: IpcRequest<'extract:file'>['source'] = where
            ? { path: where }
            : {
                bytesBase64: base64(new Uint8Array(await file.arrayBuffer())),
                name: file.name.slice(0, 200),
              };
          onResult(await api.extractFile({ source }));
          done++;
        } catch (error) {
          // Said at the end, and the next file still runs.
          failures.push(`${file.name}: ${sayError(t, error)}`);
        }
      }
      const said = [
        ...(done === 0 ? [] : [done === 1 ? t('dropDoneOne') : t('dropDone', { count: done })]),
        ...failures,
        ...(left.length > 0 ? [t('dropLeftOut', { names: left.join(', ') })] : []),
      ];
      onStatus(said.join(' '), failures.length + left.length > 0);
    },
    [api, t, onResult, onStatus],
  );

  const handlers: DropState['handlers'] = {
    onDragEnter(event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current++;
      setOver(true);
    },
    onDragOver(event) {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the file itself (Electron: navigates to it).
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave(event) {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop(event) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setOver(false);
      const files = [...event.dataTransfer.files];
      queue.current = queue.current.then(() => extractAll(files));
    },
  };
  return { over, status, clearStatus, handlers };
}
