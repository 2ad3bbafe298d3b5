import { texts } from '../message.ts';

/**
 * What the data home says: results that are missing or damaged, folders that cannot be written, a
 * settings file that could not be read in full.
 */
export const store = texts(
  {
    'store.readOnly':
      'The data home {home} is read-only: results cannot be saved, changed or deleted there. Make the folder writable, or set EXTRACTO_HOME to a writable one.',
    'store.noResult': 'There is no result {id}.',
    'store.noResultToReplace': 'There is no result {id} to replace.',
    'store.noResultToCorrect': 'There is no result {id} to correct.',
    'store.noValueToConfirm': 'Result {id} has no value {key} to confirm.',
    'store.repairing':
      'The result index was damaged and is being rebuilt from the result files; try again in a moment.',
    'store.damaged':
      'Result {id} is damaged and cannot be read ({reason}). Its file was left untouched: {file}',
    'store.indexReadFromFiles':
      'The result index was damaged ({why}); the results were read from the files instead ({count}).',
    'store.indexRebuilt':
      'The result index was damaged ({why}); it was rebuilt from the result files ({count} results).',
    'settings.lockHeld':
      'The settings could not be saved: another Extracto process has held {file}.lock for too long. Try again; if it stays, delete that folder.',
    'settings.readOnly':
      'The data home {home} is read-only: settings cannot be saved there. Make the folder writable, or set EXTRACTO_HOME to a writable one.',
    'settings.reportUnreadable': '{file} could not be read ({why}), so every setting is its default.',
    'settings.reportErrors': '{file} has errors, so only its valid parts are used: {items}.',
    'settings.itemDropped': '{what} ({detail}) was dropped',
    'settings.itemDefault': '{what} ({detail}) was reset to its default',
    'settings.reportPrivacy':
      'Privacy could not be read, so local-only is on: nothing is sent to a cloud provider until privacy is set again (Settings > Privacy).',
    'settings.reportProvider':
      'The provider could not be read, so the offline engine is used until one is chosen again.',
    'settings.reportCopy': 'The original file is kept at {copy}.',
  },
  {
    'store.readOnly':
      'La carpeta de datos {home} es de solo lectura: allí no se pueden guardar, cambiar ni borrar resultados. Haz que se pueda escribir en ella o define EXTRACTO_HOME con una carpeta en la que se pueda escribir.',
    'store.noResult': 'No hay ningún resultado {id}.',
    'store.noResultToReplace': 'No hay ningún resultado {id} que sustituir.',
    'store.noResultToCorrect': 'No hay ningún resultado {id} que corregir.',
    'store.noValueToConfirm': 'El resultado {id} no tiene ningún valor {key} que confirmar.',
    'store.repairing':
      'El índice de resultados estaba dañado y se está reconstruyendo a partir de los archivos de resultados; inténtalo de nuevo en un momento.',
    'store.damaged':
      'El resultado {id} está dañado y no se puede leer ({reason}). Su archivo se dejó intacto: {file}',
    'store.indexReadFromFiles':
      'El índice de resultados estaba dañado ({why}); los resultados se leyeron directamente de los archivos ({count}).',
    'store.indexRebuilt':
      'El índice de resultados estaba dañado ({why}); se reconstruyó a partir de los archivos de resultados ({count} resultados).',
    'settings.lockHeld':
      'No se pudieron guardar los ajustes: otro proceso de Extracto retiene {file}.lock desde hace demasiado tiempo. Inténtalo de nuevo; si sigue así, borra esa carpeta.',
    'settings.readOnly':
      'La carpeta de datos {home} es de solo lectura: allí no se pueden guardar los ajustes. Haz que se pueda escribir en ella o define EXTRACTO_HOME con una carpeta en la que se pueda escribir.',
    'settings.reportUnreadable':
      '{file} no se pudo leer ({why}), así que todos los ajustes tienen su valor predeterminado.',
    'settings.reportErrors': '{file} tiene errores, así que solo se usan sus partes válidas: {items}.',
    'settings.itemDropped': '{what} ({detail}) se dejó fuera',
    'settings.itemDefault': '{what} ({detail}) volvió a su valor predeterminado',
    'settings.reportPrivacy':
      'No se pudo leer la privacidad, así que «solo local» está activado: no se envía nada a un proveedor en la nube hasta que se vuelva a ajustar la privacidad (Ajustes > Privacidad).',
    'settings.reportProvider':
      'No se pudo leer el proveedor, así que se usa el motor sin conexión hasta que se elija uno otra vez.',
    'settings.reportCopy': 'El archivo original se conserva en {copy}.',
  },
);
