/**
 * What main shows a person (tray menu, notifications, dialogs), English and Spanish, chosen from
 * the settings or the OS locale. Numbers and dates are formatted with the same locale.
 */
const en = {
  captureNow: 'Capture now',
  working: 'Working…',
  captureRegion: 'Capture region',
  profile: 'Profile',
  openHistory: 'Open history',
  settings: 'Settings…',
  startAutoCapture: 'Start auto-capture',
  pauseAutoCapture: 'Pause auto-capture',
  resumeAutoCapture: 'Resume auto-capture',
  stopCappedAutoCapture: 'Auto-capture waits: a limit was reached (pause it)',
  openLogs: 'Open logs folder',
  quit: 'Quit Extracto',
  extracted: 'Extracted',
  failed: 'Extraction failed',
  pending: 'Kept for later',
  nothingFound: 'No fields found',
  hotkeyProblem: 'Shortcut not available',
  settingsTitle: 'Settings',
  historyTitle: 'History',
  previewTitle: 'Send this image?',
  noProfile: 'Nothing to extract yet',
  noProfileBody: 'Open Settings and define the fields to read from your screen.',
  captureProblem: 'Nothing was captured',
  autoCapture: 'Auto-capture',
  cannotCapture: 'Screen capture is limited here',
  startFailed: 'Extracto could not start',
  startFailedLog: 'The details are in the log file:',
  keysFound: 'Extracto found {keys} in its environment.',
  keysFoundDetail: 'Stored in the system keychain (encrypted), they will be used whenever Extracto starts.',
  keysKeep: 'Keep them in the keychain',
  keysNotNow: 'Not now',
  settingsRepaired: 'Some settings could not be read',
  settingsRepairedBody: 'The parts that were wrong were set aside. Click to see which, in Settings.',
  settingsRepairedStrict:
    'Privacy could not be read, so nothing is sent to a cloud provider until it is set again. Click to open Settings.',
};

export type MainMessages = typeof en;

const es: MainMessages = {
  captureNow: 'Capturar ahora',
  working: 'Procesando…',
  captureRegion: 'Capturar región',
  profile: 'Perfil',
  openHistory: 'Abrir historial',
  settings: 'Ajustes…',
  startAutoCapture: 'Iniciar captura automática',
  pauseAutoCapture: 'Pausar captura automática',
  resumeAutoCapture: 'Reanudar captura automática',
  stopCappedAutoCapture: 'La captura automática espera: se alcanzó un límite (pausarla)',
  openLogs: 'Abrir carpeta de registros',
  quit: 'Salir de Extracto',
  extracted: 'Extraído',
  failed: 'La extracción falló',
  pending: 'Guardado para más tarde',
  nothingFound: 'No se encontraron campos',
  hotkeyProblem: 'Atajo no disponible',
  settingsTitle: 'Ajustes',
  historyTitle: 'Historial',
  previewTitle: '¿Enviar esta imagen?',
  noProfile: 'Todavía no hay nada que extraer',
  noProfileBody: 'Abre Ajustes y define los campos que quieres leer de la pantalla.',
  captureProblem: 'No se capturó nada',
  autoCapture: 'Captura automática',
  cannotCapture: 'La captura de pantalla está limitada aquí',
  startFailed: 'Extracto no pudo iniciarse',
  startFailedLog: 'Los detalles están en el archivo de registro:',
  keysFound: 'Extracto encontró {keys} en su entorno.',
  keysFoundDetail:
    'Guardadas en el llavero del sistema (cifradas), se usarán cada vez que Extracto se inicie.',
  keysKeep: 'Guardarlas en el llavero',
  keysNotNow: 'Ahora no',
  settingsRepaired: 'No se pudieron leer algunos ajustes',
  settingsRepairedBody: 'Las partes erróneas se apartaron. Haz clic para ver cuáles, en Ajustes.',
  settingsRepairedStrict:
    'No se pudo leer la privacidad, así que no se envía nada a un proveedor en la nube hasta que se vuelva a ajustar. Haz clic para abrir Ajustes.',
};

export function pickLocale(setting: 'auto' | 'en' | 'es', osLocale: string): 'en' | 'es' {
  if (setting !== 'auto') return setting;
  return osLocale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function messagesFor(locale: 'en' | 'es'): MainMessages {
  return locale === 'es' ? es : en;
}
