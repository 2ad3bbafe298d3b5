import { texts } from '../message.ts';

/**
 * What the `extracto` command says on stderr (and its sentences on stdout): bad arguments, what it
 * did, the start-up question. Its numbers stay as they were printed (1105, not 1,105): scripts
 * read these lines too.
 */
export const cli = texts(
  {
    'cli.unknownCommand': 'Unknown command "{command}". Run "extracto help" for the list.',
    'cli.warning': 'Warning: {report}',
    'cli.failedUnexpectedly': 'extracto {command} failed unexpectedly: {reason}. Details are in the log.',

    'cli.unknownOption': "Unknown option '{option}'.",
    'cli.optionNeedsValue': "Option '{option} <value>' argument missing.",
    'cli.optionTakesNoValue': "Option '{option}' does not take an argument.",
    'cli.badArguments': '{problem}',
    'cli.unknownProvider': 'Unknown provider "{value}": use one of {choices}.',
    'cli.unknownDetail': 'Unknown detail "{value}": use one of {choices}.',
    'cli.unknownStatus': 'Unknown status "{value}": use one of {choices}.',
    'cli.unknownEffort': 'Unknown effort "{value}": use one of {choices}.',
    'cli.unknownFormat': 'Unknown export format "{value}": use csv, json, jsonl or xlsx.',
    'cli.unknownSort': 'Cannot sort by "{value}": use time, status or one of the fields ({choices}).',
    'cli.badTimeout':
      '--timeout must be a number of seconds above 0 and at most {max} (such as 30, or 2m), not "{value}".',
    'cli.badCount': '--{name} must be a whole number of 1 or more, not "{value}".',
    'cli.badRegion':
      '--region must be x,y,width,height in whole pixels (width and height above 0), not "{value}".',
    'cli.badSize': '--size must look like 1920x1080, not "{value}".',
    'cli.badBaseUrl': '--base-url is not a URL: "{value}".',
    'cli.badDate': '--{name} must be a date like 2026-11-24, not "{value}".',
    'cli.badDuration':
      '--{name} must be a duration such as 10s, 500ms or 2m (at least 100ms), not "{value}".',
    'cli.badThreshold': '--threshold must be a share of the screen such as 0.005 or 0.5%, not "{value}".',
    'cli.badMaxCost':
      '--max-cost-per-day must be an amount in US dollars above 0, such as 0.50, not "{value}".',

    'cli.profileOrFields': 'Give either --profile or --fields, not both.',
    'cli.unknownProfile': 'There is no profile named "{name}"; "extracto profiles list" shows them.',
    'cli.noProfile':
      'No profile yet: say what to extract with --fields "invoice number, date:date, total:number", or save a profile with "extracto profiles add NAME --fields ...".',
    'cli.savedDefault': 'Saved as profile "Default" ({fields}); change it with "extracto profiles".',
    'ask.intro': 'No profile yet. What data do you want to extract from your documents?',
    'ask.how': 'List the fields separated by commas, with a type after a colon where it helps,',
    'ask.example': 'for example: invoice number, date:date, total:number',
    'ask.prompt': 'Fields: ',

    'cli.extractNeedsImage':
      'Name at least one image, PDF or folder (or add --clipboard): extracto extract receipt.jpg --fields "...".',
    'cli.captureNoFiles': 'capture takes no file names (got "{name}"); use extract for files.',
    'cli.progress': ' {bar} {value}/{total} images | {eta_formatted} left',
    'cli.saved': 'Saved as {id} ({ms} ms).',
    'cli.checkFailed': 'Needs review ({id}): {check}',
    'cli.checksPassed': 'The numbers agree ({count} checks).',
    'cli.pagesRead': 'Read {read} of {count} pages: {how}.',
    'cli.pagesFromText': '{pages} from the text layer',
    'cli.pagesByOcr': '{pages} by OCR',
    'cli.pagesAsImage': '{pages} drawn as one image for the model',
    'cli.pagesLeft': 'Pages {pages} were not read; choose the pages to read with --pages.',
    'cli.checkPassed': 'The numbers agree (1 check).',
    'cli.notExtracted': '{label}: {reason} The image was kept as result {id}.',
    'cli.extractionFailed': 'extraction failed',
    'cli.displayLabel': 'display {display}',
    'cli.clipboardLabel': 'the clipboard',
    'cli.stoppedImages': 'Stopped: the images not yet read were skipped.',
    'cli.batchSummary': '{ok} of {total} extracted; {failed} failed.',

    'cli.historyNoNames': 'history takes no names (got "{name}"); use --search.',
    'cli.noResultsYet': 'No results yet: extracto extract <image> to make one.',
    'cli.nothingMatches': 'Nothing matches.',
    'cli.historyShown': '{shown} of {total} shown, newest first (* = corrected by hand, ! = needs review).',
    'cli.noneToReview': 'Nothing needs review.',
    'cli.showNeedsId': 'Name one result id: extracto show <id> (ids are listed by "extracto history").',
    'cli.noResult': 'There is no result {id}; "extracto history" lists them.',
    'cli.valuesChecked': 'How sure each value is:',
    'cli.valueSure': '  {field}: {value} — {level} ({confidence}), {where}',
    'cli.level.high': 'high confidence',
    'cli.level.medium': 'medium confidence',
    'cli.level.low': 'low confidence',
    'cli.onPage': 'on the page',
    'cli.notOnPage': 'not on the page: needs review',
    'cli.droppedValue': 'left empty: the model read {value}, which is not on the page',
    'cli.engineAgrees': '; the offline engine read the same',
    'cli.engineReads': '; the offline engine read {value}',
    'cli.valueSettled': '; {how} since',
    'cli.confirmed': 'confirmed by a person',
    'cli.corrected': 'corrected by hand',
    'cli.exportNoNames': 'export takes no names (got "{name}"); use --out FILE.',
    'cli.exportedOne': 'Exported 1 result to {path}.',
    'cli.exported': 'Exported {count} results to {path}.',
    'cli.rowsCsvOnly':
      '--rows is for CSV: an XLSX export has a sheet per table already, and JSON keeps the rows in each result.',
    'cli.noTable': 'No profile or result has a table "{name}"; tables: {tables}.',
    'cli.noTables': 'No profile or result has a table, so there are no line items to export.',
    'cli.unknownFieldKeys':
      'No profile or result has a field "{name}" (--with takes field keys, such as {example}).',

    'cli.allOrIds': 'Give either --all or result ids, not both.',
    'cli.retryNoFields': 'retry takes --profile NAME, not --fields.',
    'cli.nothingPending': 'Nothing is pending: every result has been extracted or has failed for good.',
    'cli.retryingOne': 'Retrying 1 pending result…',
    'cli.retrying': 'Retrying {count} pending results…',
    'cli.stoppedRest': 'Stopped: the rest stay pending.',
    'cli.retrySummary': '{ok} of {total} extracted; {notOk} not.',

    'cli.watchNoFiles': 'watch takes no file names (got "{name}").',
    'cli.watchHow':
      'Say how to watch: --interval 10s (every 10 seconds) or --on-change (when the screen changes).',
    'cli.thresholdOnChange': '--threshold only applies with --on-change.',
    'cli.watchingChanges': 'Watching for changes every {seconds} s; Ctrl+C stops.',
    'cli.watchingChangesRegion': 'Watching for changes every {seconds} s in the region; Ctrl+C stops.',
    'cli.capturingEvery': 'Capturing every {seconds} s; Ctrl+C stops.',
    'cli.capturingEveryRegion': 'Capturing every {seconds} s in the region; Ctrl+C stops.',
    'cli.duplicate': 'The same image was extracted before; skipped (use --again to extract it anyway).',
    'cli.resumed': 'Auto-capture resumed at {time}.',
    'cli.watched': 'Watched for {seconds} s: {parts}.',
    'cli.looksOne': '1 look',
    'cli.looks': '{count} looks',
    'cli.capturesOne': '1 capture',
    'cli.captures': '{count} captures',
    'cli.extractedCounts': '{count} extracted ({ok} ok, {failed} failed, {pending} pending)',
    'cli.unchanged': '{count} unchanged',
    'cli.duplicatesOne': '1 duplicate skipped',
    'cli.duplicates': '{count} duplicates skipped',
    'cli.retriedFromQueue': '{count} retried from the queue',
    'cli.budgetPausesOne': '1 budget pause',
    'cli.budgetPauses': '{count} budget pauses',
    'cli.blockedCount': '{count} blocked by an excluded window',
    'cli.estimatedCost': '~{cost} estimated',

    'cli.profilesUsage':
      'Use: extracto profiles list | show NAME | add NAME --fields SPEC [--activate] | use NAME | remove NAME',
    'cli.tooManyNames': 'Too many names ("{extra}"): quote a name with spaces. {usage}',
    'cli.profileNeedsName': '"profiles {action}" needs a profile name. {usage}',
    'cli.unknownProfilesAction': 'Unknown profiles action "{action}". {usage}',
    'cli.noProfiles': 'No profiles yet: extracto profiles add NAME --fields "invoice number, total:number".',
    'cli.addNeedsFields': '"profiles add" needs --fields, e.g. --fields "invoice number, total:number".',
    'cli.profileSaved': 'Saved profile "{name}": {fields}.',
    'cli.profileUpdated': 'Updated profile "{name}": {fields}.',
    'cli.profileActive': '"{name}" is now the active profile.',
    'cli.profileRemoved': 'Removed profile "{name}"; its results stay in the history.',

    'cli.providersUsage': 'Use: extracto providers list | test [--provider P] [--model M] [--base-url URL]',
    'cli.unexpectedWord': 'Unexpected "{word}". {usage}',
    'cli.unknownProvidersAction': 'Unknown providers action "{action}". {usage}',

    'cli.tokensNeedsInput':
      'Give one image or --size WxH: extracto tokens shot.png, or extracto tokens --size 1920x1080.',
    'cli.tokens':
      '{size} on {provider} {model}, detail {detail}: sent as {sent}, {tokens} input tokens, {cost}.',
    'cli.tokensEstimated':
      '{size} on {provider} {model}, detail {detail}: sent as {sent}, {tokens} input tokens (estimated), {cost}.',
    'cli.costPerImage': 'about {cost} per image',
    'cli.noPrice': 'no price known',
    'cli.providerLine': '{id}\tdefault model: {model}',
  },
  {
    'cli.unknownCommand': 'Orden desconocida «{command}». Ejecuta «extracto help» para ver la lista.',
    'cli.warning': 'Aviso: {report}',
    'cli.failedUnexpectedly':
      'extracto {command} falló de forma inesperada: {reason}. Los detalles están en el registro.',

    'cli.unknownOption': 'Opción desconocida «{option}».',
    'cli.optionNeedsValue': 'Falta el valor de la opción «{option} <valor>».',
    'cli.optionTakesNoValue': 'La opción «{option}» no admite ningún valor.',
    'cli.badArguments': '{problem}',
    'cli.unknownProvider': 'Proveedor desconocido «{value}»: usa uno de estos: {choices}.',
    'cli.unknownDetail': 'Detalle desconocido «{value}»: usa uno de estos: {choices}.',
    'cli.unknownStatus': 'Estado desconocido «{value}»: usa uno de estos: {choices}.',
    'cli.unknownEffort': 'Esfuerzo desconocido «{value}»: usa uno de estos: {choices}.',
    'cli.unknownFormat': 'Formato de exportación desconocido «{value}»: usa csv, json, jsonl o xlsx.',
    'cli.unknownSort': 'No se puede ordenar por «{value}»: usa time, status o uno de los campos ({choices}).',
    'cli.badTimeout':
      '--timeout debe ser un número de segundos mayor que 0 y de {max} como máximo (como 30, o 2m), no «{value}».',
    'cli.badCount': '--{name} debe ser un número entero de 1 o más, no «{value}».',
    'cli.badRegion':
      '--region debe ser x,y,ancho,alto en píxeles enteros (ancho y alto mayores que 0), no «{value}».',
    'cli.badSize': '--size debe tener la forma 1920x1080, no «{value}».',
    'cli.badBaseUrl': '--base-url no es una URL: «{value}».',
    'cli.badDate': '--{name} debe ser una fecha como 2026-11-24, no «{value}».',
    'cli.badDuration':
      '--{name} debe ser una duración como 10s, 500ms o 2m (100ms como mínimo), no «{value}».',
    'cli.badThreshold': '--threshold debe ser una parte de la pantalla, como 0.005 o 0.5%, no «{value}».',
    'cli.badMaxCost':
      '--max-cost-per-day debe ser un importe en dólares estadounidenses mayor que 0, como 0.50, no «{value}».',

    'cli.profileOrFields': 'Indica --profile o --fields, no los dos.',
    'cli.unknownProfile': 'No hay ningún perfil llamado «{name}»; «extracto profiles list» los muestra.',
    'cli.noProfile':
      'Aún no hay ningún perfil: indica qué extraer con --fields "número de factura, fecha:date, total:number", o guarda un perfil con «extracto profiles add NOMBRE --fields ...».',
    'cli.savedDefault': 'Guardado como perfil «Default» ({fields}); cámbialo con «extracto profiles».',
    'ask.intro': 'Aún no hay ningún perfil. ¿Qué datos quieres extraer de tus documentos?',
    'ask.how': 'Escribe los campos separados por comas, con un tipo tras dos puntos donde ayude,',
    'ask.example': 'por ejemplo: número de factura, fecha:date, total:number',
    'ask.prompt': 'Campos: ',

    'cli.extractNeedsImage':
      'Indica al menos una imagen, un PDF o una carpeta (o añade --clipboard): extracto extract recibo.jpg --fields "...".',
    'cli.captureNoFiles':
      'capture no admite nombres de archivo (se recibió «{name}»); usa extract para los archivos.',
    'cli.progress': ' {bar} {value}/{total} imágenes | faltan {eta_formatted}',
    'cli.saved': 'Guardado como {id} ({ms} ms).',
    'cli.checkFailed': 'Por revisar ({id}): {check}',
    'cli.checksPassed': 'Las cifras cuadran ({count} comprobaciones).',
    'cli.pagesRead': 'Leídas {read} de {count} páginas: {how}.',
    'cli.pagesFromText': '{pages} de la capa de texto',
    'cli.pagesByOcr': '{pages} por OCR',
    'cli.pagesAsImage': '{pages} dibujadas como una imagen para el modelo',
    'cli.pagesLeft': 'No se leyeron las páginas {pages}; elija las páginas que leer con --pages.',
    'cli.checkPassed': 'Las cifras cuadran (1 comprobación).',
    'cli.notExtracted': '{label}: {reason} La imagen se conservó como resultado {id}.',
    'cli.extractionFailed': 'la extracción falló',
    'cli.displayLabel': 'pantalla {display}',
    'cli.clipboardLabel': 'el portapapeles',
    'cli.stoppedImages': 'Detenido: se omitieron las imágenes que aún no se habían leído.',
    'cli.batchSummary': '{ok} de {total} extraídas; {failed} fallaron.',

    'cli.historyNoNames': 'history no admite nombres (se recibió «{name}»); usa --search.',
    'cli.noResultsYet': 'Aún no hay resultados: extracto extract <imagen> crea uno.',
    'cli.nothingMatches': 'Nada coincide.',
    'cli.historyShown':
      'Se muestran {shown} de {total}, los más recientes primero (* = corregido a mano, ! = por revisar).',
    'cli.noneToReview': 'No hay nada por revisar.',
    'cli.showNeedsId': 'Indica un id de resultado: extracto show <id> («extracto history» lista los ids).',
    'cli.noResult': 'No hay ningún resultado {id}; «extracto history» los lista.',
    'cli.valuesChecked': 'Qué seguridad hay en cada valor:',
    'cli.valueSure': '  {field}: {value} — {level} ({confidence}), {where}',
    'cli.level.high': 'confianza alta',
    'cli.level.medium': 'confianza media',
    'cli.level.low': 'confianza baja',
    'cli.onPage': 'está en la página',
    'cli.notOnPage': 'no está en la página: hay que revisarlo',
    'cli.droppedValue': 'se dejó vacío: el modelo leyó {value}, que no está en la página',
    'cli.engineAgrees': '; el motor sin conexión leyó lo mismo',
    'cli.engineReads': '; el motor sin conexión leyó {value}',
    'cli.valueSettled': '; {how} desde entonces',
    'cli.confirmed': 'confirmado por una persona',
    'cli.corrected': 'corregido a mano',
    'cli.exportNoNames': 'export no admite nombres (se recibió «{name}»); usa --out ARCHIVO.',
    'cli.exportedOne': 'Se exportó 1 resultado a {path}.',
    'cli.exported': 'Se exportaron {count} resultados a {path}.',
    'cli.rowsCsvOnly':
      '--rows es para CSV: una exportación XLSX ya tiene una hoja por tabla, y JSON guarda las filas en cada resultado.',
    'cli.noTable': 'Ningún perfil ni resultado tiene una tabla «{name}»; tablas: {tables}.',
    'cli.noTables': 'Ningún perfil ni resultado tiene una tabla, así que no hay líneas que exportar.',
    'cli.unknownFieldKeys':
      'Ningún perfil ni resultado tiene un campo «{name}» (--with admite claves de campos, como {example}).',

    'cli.allOrIds': 'Indica --all o ids de resultados, no las dos cosas.',
    'cli.retryNoFields': 'retry admite --profile NOMBRE, no --fields.',
    'cli.nothingPending':
      'No hay nada pendiente: todos los resultados se han extraído o han fallado definitivamente.',
    'cli.retryingOne': 'Reintentando 1 resultado pendiente…',
    'cli.retrying': 'Reintentando {count} resultados pendientes…',
    'cli.stoppedRest': 'Detenido: el resto sigue pendiente.',
    'cli.retrySummary': '{ok} de {total} extraídos; {notOk} no.',

    'cli.watchNoFiles': 'watch no admite nombres de archivo (se recibió «{name}»).',
    'cli.watchHow':
      'Indica cómo vigilar: --interval 10s (cada 10 segundos) o --on-change (cuando cambie la pantalla).',
    'cli.thresholdOnChange': '--threshold solo se aplica con --on-change.',
    'cli.watchingChanges': 'Vigilando los cambios cada {seconds} s; Ctrl+C lo detiene.',
    'cli.watchingChangesRegion': 'Vigilando los cambios cada {seconds} s en la región; Ctrl+C lo detiene.',
    'cli.capturingEvery': 'Capturando cada {seconds} s; Ctrl+C lo detiene.',
    'cli.capturingEveryRegion': 'Capturando cada {seconds} s en la región; Ctrl+C lo detiene.',
    'cli.duplicate':
      'La misma imagen ya se extrajo antes; se omite (usa --again para extraerla de todos modos).',
    'cli.resumed': 'Captura automática reanudada a las {time}.',
    'cli.watched': 'Vigilado durante {seconds} s: {parts}.',
    'cli.looksOne': '1 vistazo',
    'cli.looks': '{count} vistazos',
    'cli.capturesOne': '1 captura',
    'cli.captures': '{count} capturas',
    'cli.extractedCounts': '{count} extraídas ({ok} correctas, {failed} fallidas, {pending} pendientes)',
    'cli.unchanged': '{count} sin cambios',
    'cli.duplicatesOne': '1 duplicada omitida',
    'cli.duplicates': '{count} duplicadas omitidas',
    'cli.retriedFromQueue': '{count} reintentadas desde la cola',
    'cli.budgetPausesOne': '1 pausa por presupuesto',
    'cli.budgetPauses': '{count} pausas por presupuesto',
    'cli.blockedCount': '{count} bloqueadas por una ventana excluida',
    'cli.estimatedCost': '~{cost} estimados',

    'cli.profilesUsage':
      'Uso: extracto profiles list | show NOMBRE | add NOMBRE --fields CAMPOS [--activate] | use NOMBRE | remove NOMBRE',
    'cli.tooManyNames': 'Demasiados nombres («{extra}»): pon entre comillas un nombre con espacios. {usage}',
    'cli.profileNeedsName': '«profiles {action}» necesita un nombre de perfil. {usage}',
    'cli.unknownProfilesAction': 'Acción de profiles desconocida «{action}». {usage}',
    'cli.noProfiles':
      'Aún no hay perfiles: extracto profiles add NOMBRE --fields "número de factura, total:number".',
    'cli.addNeedsFields':
      '«profiles add» necesita --fields, p. ej. --fields "número de factura, total:number".',
    'cli.profileSaved': 'Perfil «{name}» guardado: {fields}.',
    'cli.profileUpdated': 'Perfil «{name}» actualizado: {fields}.',
    'cli.profileActive': '«{name}» es ahora el perfil activo.',
    'cli.profileRemoved': 'Perfil «{name}» eliminado; sus resultados siguen en el historial.',

    'cli.providersUsage': 'Uso: extracto providers list | test [--provider P] [--model M] [--base-url URL]',
    'cli.unexpectedWord': 'Sobra «{word}». {usage}',
    'cli.unknownProvidersAction': 'Acción de providers desconocida «{action}». {usage}',

    'cli.tokensNeedsInput':
      'Indica una imagen o --size AxB: extracto tokens captura.png, o extracto tokens --size 1920x1080.',
    'cli.tokens':
      '{size} en {provider} {model}, detalle {detail}: se envía como {sent}, {tokens} tokens de entrada, {cost}.',
    'cli.tokensEstimated':
      '{size} en {provider} {model}, detalle {detail}: se envía como {sent}, {tokens} tokens de entrada (estimados), {cost}.',
    'cli.costPerImage': 'unos {cost} por imagen',
    'cli.noPrice': 'precio desconocido',
    'cli.providerLine': '{id}\tmodelo predeterminado: {model}',
  },
);
