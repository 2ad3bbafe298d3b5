import { texts } from '../message.ts';

/** What the app's own requests answer when they cannot be done: windows asking, retries, exports. */
export const app = texts(
  {
    'result.beingRun':
      'This result is being run again already (here or by another Extracto); wait for it to finish.',
    'result.noImageOnDisk': 'This result has no image on disk.',
    'export.unknown': 'This export is no longer known; start it again.',
    'export.notFinished': 'This export has not finished yet.',
    'ipc.invalid': 'Invalid request ({where}{problem}).',
    'ipc.desktopOnly': 'Only the Extracto desktop app can do this.',
    'ipc.unknownChannel': 'Unknown channel {name}.',
    'ipc.refused': 'This page may not call Extracto.',
  },
  {
    'result.beingRun':
      'Este resultado ya se está extrayendo de nuevo (aquí o en otro Extracto); espera a que termine.',
    'result.noImageOnDisk': 'Este resultado no tiene ninguna imagen en el disco.',
    'export.unknown': 'Esta exportación ya no existe; vuelve a iniciarla.',
    'export.notFinished': 'Esta exportación aún no ha terminado.',
    'ipc.invalid': 'Petición no válida ({where}{problem}).',
    'ipc.desktopOnly': 'Solo la aplicación de escritorio de Extracto puede hacer esto.',
    'ipc.unknownChannel': 'Canal desconocido: {name}.',
    'ipc.refused': 'Esta página no puede llamar a Extracto.',
  },
);
