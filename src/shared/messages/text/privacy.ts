import { texts } from '../message.ts';

/** What the privacy settings refuse or could not do (redaction, excluded windows), and why. */
export const privacy = texts(
  {
    'privacy.localOnly':
      'Local-only mode is on (Settings > Privacy), so nothing may be sent to {provider}; use the local engine or a server on this machine, or turn local-only off.',
    'privacy.unreadLocalOnly':
      'Nothing is sent to {provider}: the privacy settings in {file} could not be read, so local-only is on until privacy is set again (Settings > Privacy, or the file; the original is kept at {copy}). The local engine and servers on this machine still work.',
    'privacy.previewNeedsApp':
      'Preview before sending is on (Settings > Privacy), and only the desktop app can show the preview; turn it off to send from here.',
    'privacy.badPattern': 'The redaction pattern "{pattern}" {problem}. Fix it in Settings > Privacy.',
    'privacy.patternNotSaved':
      'The redaction pattern "{pattern}" {problem}, so the privacy settings were not saved.',
    'privacy.redactionFailed':
      'Redaction failed, so nothing was sent; the capture is kept on this machine. The details are in the log file.',
    'privacy.windowUnchecked':
      'Nothing was captured: excluded windows are set, but the active window cannot be checked ({reason}).',
    'privacy.windowExcluded':
      'Nothing was captured: the active window "{title}"{program} matches the excluded "{match}".',
    'window.unsupported': 'reading the active window is not supported on {platform} yet',
    'window.noDisplay': 'there is no X display (DISPLAY is empty)',
    'window.noXdotool': 'xdotool is not installed (apt-get install xdotool)',
  },
  {
    'privacy.localOnly':
      'El modo «solo local» está activado (Ajustes > Privacidad), así que no se puede enviar nada a {provider}; usa el motor local o un servidor en este equipo, o desactiva «solo local».',
    'privacy.unreadLocalOnly':
      'No se envía nada a {provider}: no se pudieron leer los ajustes de privacidad de {file}, así que «solo local» está activado hasta que se vuelva a ajustar la privacidad (Ajustes > Privacidad, o el archivo; el original se conserva en {copy}). El motor local y los servidores en este equipo siguen funcionando.',
    'privacy.previewNeedsApp':
      'La vista previa antes de enviar está activada (Ajustes > Privacidad) y solo la aplicación de escritorio puede mostrarla; desactívala para enviar desde aquí.',
    'privacy.badPattern': 'El patrón de tachado «{pattern}» {problem}. Corrígelo en Ajustes > Privacidad.',
    'privacy.patternNotSaved':
      'El patrón de tachado «{pattern}» {problem}, así que los ajustes de privacidad no se guardaron.',
    'privacy.redactionFailed':
      'El tachado falló, así que no se envió nada; la captura se conserva en este equipo. Los detalles están en el archivo de registro.',
    'privacy.windowUnchecked':
      'No se capturó nada: hay ventanas excluidas, pero no se puede comprobar la ventana activa ({reason}).',
    'privacy.windowExcluded':
      'No se capturó nada: la ventana activa «{title}»{program} coincide con la excluida «{match}».',
    'window.unsupported': 'leer la ventana activa todavía no es posible en {platform}',
    'window.noDisplay': 'no hay ninguna pantalla X (la variable DISPLAY está vacía)',
    'window.noXdotool': 'xdotool no está instalado (apt-get install xdotool)',
  },
);
