import { texts } from '../message.ts';

/**
 * `extracto help` and `extracto <command> --help`: what each command does and the notes under the
 * usage. The usage lines themselves (command names, options, their values) are the command's
 * syntax and are printed as they are typed, in every language.
 */
export const help = texts(
  {
    'help.about': 'extracto — pull the fields you define out of screenshots and documents, as JSON',
    'help.usage': 'Usage:',
    'help.seeAll': 'Run "extracto help" for the fields, providers and exit codes.',
    'help.notes': `Fields: "invoice number, total:number, due:date" — types: text, number, currency, date,
email, phone, boolean, list. Providers: local (offline, the default), openai, anthropic,
openai-compatible (Ollama, LM Studio, vLLM). Keys: OPENAI_API_KEY, ANTHROPIC_API_KEY,
OPENAI_COMPATIBLE_API_KEY, from the environment or a .env file in the working folder.
Data lives in EXTRACTO_HOME (default: {home}).
Exit codes: 0 ok, 1 an extraction failed (its result and image are kept), 2 bad usage.
A result that could not reach its provider (offline, rate limited, no answer within --timeout:
120 s by default, 300 s for openai-compatible, retries included) is kept as pending and retried
by "extracto retry" or while "extracto watch" runs.`,
    'help.extract':
      'Read the fields of a profile from image files and PDFs, folders of them or the clipboard (a PDF with text is read without OCR; --pages picks pages); each becomes a saved result.',
    'help.capture': 'Capture the screen (or a region of it) and read it like an image file.',
    'help.watch': 'Capture automatically, on an interval or when the screen changes, until stopped.',
    'help.retry': 'Run pending or failed results again, from their stored images.',
    'help.history': 'List saved results, newest first.',
    'help.show': 'Print one result, as saved.',
    'help.export': 'Write results to a CSV, JSON, JSON Lines or Excel file.',
    'help.tokens': 'Estimate what an image costs in input tokens (and dollars) on a provider and model.',
    'help.profiles': 'List, show, add, choose or remove the profiles (the fields to read).',
    'help.providers': 'List the providers, or check that one answers (key, model, base URL).',
  },
  {
    'help.about': 'extracto — extrae los campos que definas de capturas y documentos, en JSON',
    'help.usage': 'Uso:',
    'help.seeAll': 'Ejecuta «extracto help» para ver los campos, los proveedores y los códigos de salida.',
    'help.notes': `Campos: "número de factura, total:number, vence:date" — tipos: text, number, currency, date,
email, phone, boolean, list. Proveedores: local (sin conexión, el predeterminado), openai,
anthropic, openai-compatible (Ollama, LM Studio, vLLM). Claves: OPENAI_API_KEY,
ANTHROPIC_API_KEY, OPENAI_COMPATIBLE_API_KEY, del entorno o de un archivo .env en la carpeta de
trabajo. Los datos están en EXTRACTO_HOME (por defecto: {home}).
Códigos de salida: 0 correcto, 1 falló una extracción (se conservan su resultado y su imagen),
2 uso incorrecto. Un resultado que no pudo llegar a su proveedor (sin conexión, límite de
peticiones, sin respuesta en --timeout: 120 s por defecto, 300 s para openai-compatible,
reintentos incluidos) queda pendiente y se reintenta con «extracto retry» o mientras
«extracto watch» está en marcha.`,
    'help.extract':
      'Lee los campos de un perfil en imágenes y PDF, carpetas de ellos o el portapapeles (un PDF con texto se lee sin OCR; --pages elige páginas); cada uno queda guardado como resultado.',
    'help.capture': 'Captura la pantalla (o una región) y la lee como un archivo de imagen.',
    'help.watch':
      'Captura automáticamente, cada cierto tiempo o cuando cambia la pantalla, hasta que la detengas.',
    'help.retry': 'Vuelve a ejecutar resultados pendientes o fallidos, desde sus imágenes guardadas.',
    'help.history': 'Lista los resultados guardados, los más recientes primero.',
    'help.show': 'Muestra un resultado tal como se guardó.',
    'help.export': 'Escribe resultados en un archivo CSV, JSON, JSON Lines o Excel.',
    'help.tokens':
      'Estima lo que cuesta una imagen en tokens de entrada (y en dólares) con un proveedor y un modelo.',
    'help.profiles': 'Lista, muestra, añade, elige o elimina perfiles (los campos que leer).',
    'help.providers': 'Lista los proveedores, o comprueba que uno responde (clave, modelo, URL base).',
  },
);
