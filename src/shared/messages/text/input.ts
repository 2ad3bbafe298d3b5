import { texts } from '../message.ts';

/** What goes wrong with what a person gives Extracto to read: files, images, screens and regions. */
export const input = texts(
  {
    'file.missing': 'The file {file} does not exist.',
    'file.brokenLink': '{file} is a symbolic link to {target}, which does not exist.',
    'file.linkLoop':
      '{file} is a symbolic link that cannot be resolved: it loops back on itself (or goes through too many links).',
    'file.pathNotFolder': 'The file {file} does not exist: a part of its path is not a folder.',
    'file.permissionDenied': '{file} cannot be read: permission denied.',
    'file.pathTooLong': 'The path {file} is too long.',
    'file.unreadable': '{file} cannot be read ({reason}).',
    'file.notAFile': '{file} is not a file.',
    'file.empty': 'The file {file} is empty (0 bytes).',
    'input.folderEmpty':
      'There is no image or PDF in {folder} (PNG, JPEG, WebP, TIFF, GIF, AVIF or PDF; hidden files are skipped).',
    'input.folderEmptyTryRecursive':
      'There is no image or PDF in {folder} itself; add --recursive to read its subfolders too.',
    'input.folderUnreadable': 'The folder {folder} cannot be read ({reason}).',

    'image.empty': 'The image is empty (0 bytes).',
    'image.notAPicture': 'The image could not be read: it is not a PNG, JPEG, WebP, TIFF or GIF picture.',
    'image.fileNotAPicture':
      '{file} is not an image or PDF Extracto can read (PNG, JPEG, WebP, TIFF, GIF or PDF).',

    'pdf.encrypted':
      '{file} is protected by a password, so Extracto cannot open it: save a copy without the password and extract that.',
    'pdf.damaged': '{file} is a damaged or incomplete PDF: Extracto could not open it.',
    'pdf.noPages': '{file} is a PDF without pages.',
    'pdf.pageDamaged': 'Page {page} of {file} is damaged: Extracto could not read it.',
    'pdf.noPageSelected': '{file} has {count} pages: none of the pages asked for ({pages}) is among them.',
    'pages.badRange': 'Pages are numbers and ranges such as 2, 1-3, 1,4-6 or 5- (got "{pages}").',
    'image.tooManyPixels':
      '{file} is {width}×{height} pixels ({megapixels} MP), over the {limit} MP Extracto reads; scale it down or crop it first.',
    'image.badSize': 'An image size must be two whole numbers of pixels above 0 (got {width}x{height}).',
    'image.prepareFailed': 'The image could not be prepared; the details are in the log file.',
    'image.originalDetail':
      'Detail "original" exists only on the OpenAI models this build knows to take it (gpt-5.4 and later); {model} takes low, high or auto.',

    'frame.noSize': 'The captured frame has no usable size ({width}x{height}).',
    'frame.channels': 'The captured frame has {channels} channels; 3 or 4 are supported.',
    'frame.pixelOrder': 'The captured frame\'s pixel order "{order}" is not supported.',
    'frame.empty': 'The captured frame is empty (0 bytes); was it already sent once?',
    'frame.wrongLength':
      'The captured frame has {bytes} bytes, but {width}x{height} with {channels} channels needs {expected}.',
    'frame.regionOutside':
      'The region {width}x{height} at {x},{y} lies outside the {frameWidth}x{frameHeight} screen.',

    'screen.none': 'No screen to capture: {reason}',
    'screen.noDisplayVariable':
      'no X display is set (DISPLAY is empty). Run Extracto inside a desktop session, or under Xvfb.',
    'screen.listUnreadable': 'the screen list could not be read.',
    'screen.displayUnopened': 'the X display {display} could not be opened.',
    'screen.noDisplayFound': 'no display was found.',
    'screen.unknownDisplay': 'There is no display "{display}"; the displays are {displays}.',
    'screen.displayFailed': 'Display "{display}" could not be captured.',
    'screen.badRegion': 'A region must be x,y,width,height in whole pixels, with width and height above 0.',
    'screen.regionOutside':
      'The region {region} goes outside display "{display}", which is {width}x{height} pixels.',
    'screen.macPermission':
      'macOS did not allow the screen capture: allow Extracto in System Settings → Privacy & Security → Screen Recording, then restart it.',
    'screen.emptyImage': 'The screen could not be captured (the system returned an empty image).',

    'clipboard.noImage':
      'There is no image on the clipboard: copy one first (a screenshot, or Copy Image in a browser).',
    'clipboard.needsTool':
      'Reading the clipboard needs {tool}, which is not installed here: install {package}.',
    'clipboard.noDisplay':
      'The clipboard cannot be read: there is no desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set).',
    'clipboard.displayUnopened':
      'The clipboard cannot be read: {tool} could not open the display ({reason}).',
    'clipboard.toolFailed': 'The clipboard could not be read: {tool} said "{reason}".',
    'clipboard.toolTimeout': 'The clipboard could not be read: {tool} had no answer within {seconds} s.',
  },
  {
    'file.missing': 'El archivo {file} no existe.',
    'file.brokenLink': '{file} es un enlace simbólico a {target}, que no existe.',
    'file.linkLoop':
      '{file} es un enlace simbólico que no se puede resolver: vuelve sobre sí mismo (o pasa por demasiados enlaces).',
    'file.pathNotFolder': 'El archivo {file} no existe: una parte de su ruta no es una carpeta.',
    'file.permissionDenied': 'No se puede leer {file}: permiso denegado.',
    'file.pathTooLong': 'La ruta {file} es demasiado larga.',
    'file.unreadable': 'No se puede leer {file} ({reason}).',
    'file.notAFile': '{file} no es un archivo.',
    'file.empty': 'El archivo {file} está vacío (0 bytes).',
    'input.folderEmpty':
      'No hay ninguna imagen ni PDF en {folder} (PNG, JPEG, WebP, TIFF, GIF, AVIF o PDF; los archivos ocultos se omiten).',
    'input.folderEmptyTryRecursive':
      'No hay ninguna imagen ni PDF en la propia carpeta {folder}; añade --recursive para leer también sus subcarpetas.',
    'input.folderUnreadable': 'No se puede leer la carpeta {folder} ({reason}).',

    'image.empty': 'La imagen está vacía (0 bytes).',
    'image.notAPicture': 'No se pudo leer la imagen: no es una imagen PNG, JPEG, WebP, TIFF ni GIF.',
    'image.fileNotAPicture':
      '{file} no es una imagen ni un PDF que Extracto pueda leer (PNG, JPEG, WebP, TIFF, GIF o PDF).',

    'pdf.encrypted':
      '{file} está protegido con contraseña y Extracto no puede abrirlo: guarde una copia sin contraseña y extraiga esa.',
    'pdf.damaged': '{file} es un PDF dañado o incompleto: Extracto no pudo abrirlo.',
    'pdf.noPages': '{file} es un PDF sin páginas.',
    'pdf.pageDamaged': 'La página {page} de {file} está dañada: Extracto no pudo leerla.',
    'pdf.noPageSelected': '{file} tiene {count} páginas: ninguna de las pedidas ({pages}) está entre ellas.',
    'pages.badRange': 'Las páginas son números y rangos como 2, 1-3, 1,4-6 o 5- (se recibió "{pages}").',
    'image.tooManyPixels':
      '{file} mide {width}×{height} píxeles ({megapixels} MP), más de los {limit} MP que lee Extracto; redúcela o recórtala antes.',
    'image.badSize':
      'El tamaño de una imagen se da con dos números enteros de píxeles mayores que 0 (se recibió {width}x{height}).',
    'image.prepareFailed': 'No se pudo preparar la imagen; los detalles están en el archivo de registro.',
    'image.originalDetail':
      'El detalle «original» solo existe en los modelos de OpenAI que esta versión sabe que lo admiten (gpt-5.4 y posteriores); {model} admite low, high o auto.',

    'frame.noSize': 'La imagen capturada no tiene un tamaño utilizable ({width}x{height}).',
    'frame.channels': 'La imagen capturada tiene {channels} canales; se admiten 3 o 4.',
    'frame.pixelOrder': 'El orden de píxeles «{order}» de la imagen capturada no es compatible.',
    'frame.empty': 'La imagen capturada está vacía (0 bytes); ¿ya se envió una vez?',
    'frame.wrongLength':
      'La imagen capturada tiene {bytes} bytes, pero {width}x{height} con {channels} canales necesita {expected}.',
    'frame.regionOutside':
      'La región de {width}x{height} en {x},{y} queda fuera de la pantalla de {frameWidth}x{frameHeight}.',

    'screen.none': 'No hay pantalla que capturar: {reason}',
    'screen.noDisplayVariable':
      'no hay ninguna pantalla X definida (la variable DISPLAY está vacía). Ejecuta Extracto dentro de una sesión de escritorio o con Xvfb.',
    'screen.listUnreadable': 'no se pudo leer la lista de pantallas.',
    'screen.displayUnopened': 'no se pudo abrir la pantalla X {display}.',
    'screen.noDisplayFound': 'no se encontró ninguna pantalla.',
    'screen.unknownDisplay': 'No hay ninguna pantalla «{display}»; las pantallas son {displays}.',
    'screen.displayFailed': 'No se pudo capturar la pantalla «{display}».',
    'screen.badRegion':
      'Una región debe ser x,y,ancho,alto en píxeles enteros, con el ancho y el alto mayores que 0.',
    'screen.regionOutside':
      'La región {region} se sale de la pantalla «{display}», que mide {width}x{height} píxeles.',
    'screen.macPermission':
      'macOS no permitió la captura de pantalla: da permiso a Extracto en Ajustes del Sistema → Privacidad y seguridad → Grabación de pantalla y vuelve a abrirlo.',
    'screen.emptyImage': 'No se pudo capturar la pantalla (el sistema devolvió una imagen vacía).',

    'clipboard.noImage':
      'No hay ninguna imagen en el portapapeles: copia una antes (una captura de pantalla, o Copiar imagen en un navegador).',
    'clipboard.needsTool':
      'Para leer el portapapeles hace falta {tool}, que no está instalado: instala {package}.',
    'clipboard.noDisplay':
      'No se puede leer el portapapeles: no hay ninguna sesión de escritorio (ni DISPLAY ni WAYLAND_DISPLAY están definidas).',
    'clipboard.displayUnopened':
      'No se puede leer el portapapeles: {tool} no pudo abrir la pantalla ({reason}).',
    'clipboard.toolFailed': 'No se pudo leer el portapapeles: {tool} respondió «{reason}».',
    'clipboard.toolTimeout': 'No se pudo leer el portapapeles: {tool} no respondió en {seconds} s.',
  },
);
