import { texts } from '../message.ts';

/** What the providers say: the offline engine, keys, and the answers of model servers. */
export const providers = texts(
  {
    'local.unreadable': 'The offline engine could not read this image; it may be damaged or cut short.',
    'local.modelsMissing':
      'The offline engine could not load its reading models; reinstalling Extracto should fix this (the log has the details).',
    'provider.noKey':
      'No {vendor} API key: set {variable} in the environment or in a .env file (the app keeps it in Settings).',
  },
  {
    'local.unreadable': 'El motor sin conexión no pudo leer esta imagen; puede estar dañada o incompleta.',
    'local.modelsMissing':
      'El motor sin conexión no pudo cargar sus modelos de lectura; reinstalar Extracto debería solucionarlo (el registro tiene los detalles).',
    'provider.noKey':
      'No hay clave de API de {vendor}: define {variable} en el entorno o en un archivo .env (la aplicación la guarda en Ajustes).',
  },
);
