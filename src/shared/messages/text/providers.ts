import { texts } from '../message.ts';

/** What the providers say: the offline engine, keys, and the answers of model servers. */
export const providers = texts(
  {
    'local.unreadable': 'The offline engine could not read this image; it may be damaged or cut short.',
    'local.modelsMissing':
      'The offline engine could not load its reading models; reinstalling Extracto should fix this (the log has the details).',
    'provider.noKey':
      'No {vendor} API key: set {variable} in the environment or in a .env file (the app keeps it in Settings).',

    'local.check': 'The offline engine ({engine}) is built in and needs no key or network.',

    'provider.serverAt': 'the server at {baseUrl}',
    'provider.cancelled': 'The extraction was cancelled.',
    'provider.timeout':
      '{service} did not answer within {seconds} s{tries}; a longer wait can be set with --timeout (or provider.timeoutSeconds in settings.json).',
    'provider.afterRetryOne': ' (after 1 retry)',
    'provider.afterRetries': ' (after {count} retries)',
    'provider.unreachable': 'Could not reach {baseUrl} — is the server running?{tries}',
    'provider.retriedNoteOne': ' (retried 1 time)',
    'provider.retriedNote': ' (retried {count} times)',
    'provider.retriedOne': '; retried 1 time',
    'provider.retried': '; retried {count} times',
    'provider.bodyCutOff': 'The answer from {service} was cut off in transit{retried}.',
    'provider.failedUnexpectedly':
      'The request to {service} failed unexpectedly; the details are in the log file.',
    'provider.keyRejected': 'The {service} key was rejected ({status}) — check it in {where}.',
    'provider.serverKeyRejected':
      'The server at {baseUrl} rejected the key ({status}) — check it in {where}.',
    'provider.keyInSettingsOr': 'Settings or {variable}',
    'provider.keyInServerConfig': "Settings or the server's configuration",
    'provider.noApiThere': 'The server at {baseUrl} has no OpenAI-style API at that address (404){hint}.',
    'provider.endInV1': ' — the base URL should end in /v1',
    'provider.notFoundAt': '{service} answered 404 at {baseUrl} — the base URL should end in /v1.',
    'provider.noModel': 'The model {model} does not exist or your key cannot use it (404).',
    'provider.noCredit': 'The {service} account has no credit left (429) — check its billing.',
    'provider.rateLimited': 'Rate limited by {service}{retried}.',
    'provider.tooLarge': 'The image is too large for {service} (413).',
    'provider.overloaded': '{service} is overloaded ({status}){retried}.',
    'provider.serverError': '{service} had a server error ({status}){retried}.',
    'provider.rejected': '{service} rejected the request ({status}){said}.',
    'provider.openaiFailed': 'OpenAI could not produce an answer{said}.',
    'provider.noJsonMode': 'The server at {baseUrl} could not be asked for JSON.',
    'provider.noVisionModel':
      'This server has no vision model loaded named {model}{has} — for Ollama: ollama pull {model}.',
    'provider.serverHas': ' (it has: {models})',
    'provider.noMessage': 'The server answered without a message.',
    'provider.checked': '{service} accepted the key, and the model {model} is available.',
    'provider.serverChecked': 'The server at {baseUrl} read a test image with {model} ({mode}).',
    'provider.modeSchema': 'structured output',
    'provider.modeJson': 'JSON mode',
    'provider.modePrompt': 'JSON from the prompt',

    'answer.cutOff': "The model's answer was cut off at the token limit.",
    'answer.refused': 'The model refused: {reason}.',
    'answer.refusedSilently': 'The model refused to answer.',
    'answer.filteredByOpenAI': "The model's answer was stopped by OpenAI's content filter.",
    'answer.filtered': "The model's answer was stopped by a content filter.",
    'answer.contextWindow': "The image and instructions do not fit in the model's context window.",
  },
  {
    'local.unreadable': 'El motor sin conexión no pudo leer esta imagen; puede estar dañada o incompleta.',
    'local.modelsMissing':
      'El motor sin conexión no pudo cargar sus modelos de lectura; reinstalar Extracto debería solucionarlo (el registro tiene los detalles).',
    'provider.noKey':
      'No hay clave de API de {vendor}: define {variable} en el entorno o en un archivo .env (la aplicación la guarda en Ajustes).',

    'local.check': 'El motor sin conexión ({engine}) viene integrado y no necesita clave ni red.',

    'provider.serverAt': 'el servidor en {baseUrl}',
    'provider.cancelled': 'La extracción se canceló.',
    'provider.timeout':
      '{service} no respondió en {seconds} s{tries}; se puede fijar una espera más larga con --timeout (o provider.timeoutSeconds en settings.json).',
    'provider.afterRetryOne': ' (tras 1 reintento)',
    'provider.afterRetries': ' (tras {count} reintentos)',
    'provider.unreachable': 'No se pudo conectar con {baseUrl}: ¿está en marcha el servidor?{tries}',
    'provider.retriedNoteOne': ' (se reintentó 1 vez)',
    'provider.retriedNote': ' (se reintentó {count} veces)',
    'provider.retriedOne': '; se reintentó 1 vez',
    'provider.retried': '; se reintentó {count} veces',
    'provider.bodyCutOff': 'La respuesta de {service} se cortó por el camino{retried}.',
    'provider.failedUnexpectedly':
      'La petición a {service} falló de forma inesperada; los detalles están en el archivo de registro.',
    'provider.keyRejected': 'Se rechazó la clave de {service} ({status}): compruébala en {where}.',
    'provider.serverKeyRejected':
      'El servidor en {baseUrl} rechazó la clave ({status}): compruébala en {where}.',
    'provider.keyInSettingsOr': 'Ajustes o en {variable}',
    'provider.keyInServerConfig': 'Ajustes o en la configuración del servidor',
    'provider.noApiThere':
      'El servidor en {baseUrl} no tiene una API al estilo de OpenAI en esa dirección (404){hint}.',
    'provider.endInV1': ': la URL base debería terminar en /v1',
    'provider.notFoundAt': '{service} respondió 404 en {baseUrl}: la URL base debería terminar en /v1.',
    'provider.noModel': 'El modelo {model} no existe o tu clave no puede usarlo (404).',
    'provider.noCredit': 'La cuenta de {service} no tiene saldo (429): revisa su facturación.',
    'provider.rateLimited': 'Se alcanzó el límite de peticiones de {service}{retried}.',
    'provider.tooLarge': 'La imagen es demasiado grande para {service} (413).',
    'provider.overloaded': '{service} está sobrecargado ({status}){retried}.',
    'provider.serverError': '{service} tuvo un error de servidor ({status}){retried}.',
    'provider.rejected': '{service} rechazó la petición ({status}){said}.',
    'provider.openaiFailed': 'OpenAI no pudo producir una respuesta{said}.',
    'provider.noJsonMode': 'No se pudo pedir JSON al servidor en {baseUrl}.',
    'provider.noVisionModel':
      'Este servidor no tiene cargado ningún modelo de visión llamado {model}{has}; para Ollama: ollama pull {model}.',
    'provider.serverHas': ' (tiene: {models})',
    'provider.noMessage': 'El servidor respondió sin ningún mensaje.',
    'provider.checked': '{service} aceptó la clave y el modelo {model} está disponible.',
    'provider.serverChecked': 'El servidor en {baseUrl} leyó una imagen de prueba con {model} ({mode}).',
    'provider.modeSchema': 'salida estructurada',
    'provider.modeJson': 'modo JSON',
    'provider.modePrompt': 'JSON pedido en la instrucción',

    'answer.cutOff': 'La respuesta del modelo se cortó en el límite de tokens.',
    'answer.refused': 'El modelo se negó: {reason}.',
    'answer.refusedSilently': 'El modelo se negó a responder.',
    'answer.filteredByOpenAI': 'El filtro de contenido de OpenAI detuvo la respuesta del modelo.',
    'answer.filtered': 'Un filtro de contenido detuvo la respuesta del modelo.',
    'answer.contextWindow': 'La imagen y las instrucciones no caben en la ventana de contexto del modelo.',
  },
);
