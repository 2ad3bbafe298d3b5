import { texts } from '../message.ts';

/**
 * Why a result is not (or not yet) extracted, as its file and the windows say it; and the sentence
 * for an error nobody foresaw.
 */
export const outcomes = texts(
  {
    'error.unexpected': 'Something went wrong; the details are in the log file.',
    'result.interrupted': 'Not extracted yet: the extraction was interrupted.',
    'result.notSent': 'Not sent: you declined it at the preview. It is kept here; Retry sends it.',
    'result.stopped': 'Stopped before it was read. It is kept and will be retried.',
    'result.pending': '{reason} It is kept and will be retried.',
    'result.saveFailed': 'The result could not be saved: {code}.',
    'result.saveFailedUnknown': 'The result could not be saved: write error.',
    'result.noImage': 'Result {id} has no stored image to run again.',
    'result.recovered':
      'Extracto stopped before this capture was read; the image was kept. Run it again with a profile: extracto retry <id> --profile NAME.',
    'answer.noJson': 'The model returned no usable JSON; its answer is kept with the result.',
    'answer.mismatch': 'The answer did not match the fields: {problems}.',
  },
  {
    'error.unexpected': 'Algo salió mal; los detalles están en el archivo de registro.',
    'result.interrupted': 'Aún no se ha extraído: la extracción se interrumpió.',
    'result.notSent': 'No se envió: lo rechazaste en la vista previa. Se conserva aquí; Reintentar lo envía.',
    'result.stopped': 'Se detuvo antes de leerse. Se conserva y se reintentará.',
    'result.pending': '{reason} Se conserva y se reintentará.',
    'result.saveFailed': 'No se pudo guardar el resultado: {code}.',
    'result.saveFailedUnknown': 'No se pudo guardar el resultado: error de escritura.',
    'result.recovered':
      'Extracto se detuvo antes de leer esta captura; la imagen se conservó. Vuelve a extraerla con un perfil: extracto retry <id> --profile NOMBRE.',
    'result.noImage': 'El resultado {id} no tiene ninguna imagen guardada con la que extraer de nuevo.',
    'answer.noJson': 'El modelo no devolvió un JSON utilizable; su respuesta se guarda con el resultado.',
    'answer.mismatch': 'La respuesta no coincidía con los campos: {problems}.',
  },
);
