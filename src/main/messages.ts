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
  pauseAutoCapture: 'Pause auto-capture',
  resumeAutoCapture: 'Resume auto-capture',
  openLogs: 'Open logs folder',
  quit: 'Quit Extracto',
  extracted: 'Extracted',
  failed: 'Extraction failed',
  nothingFound: 'No fields found',
  hotkeyProblem: 'Shortcut not available',
};

export type MainMessages = typeof en;

const es: MainMessages = {
  captureNow: 'Capturar ahora',
  working: 'Procesando…',
  captureRegion: 'Capturar región',
  profile: 'Perfil',
  openHistory: 'Abrir historial',
  settings: 'Ajustes…',
  pauseAutoCapture: 'Pausar captura automática',
  resumeAutoCapture: 'Reanudar captura automática',
  openLogs: 'Abrir carpeta de registros',
  quit: 'Salir de Extracto',
  extracted: 'Extraído',
  failed: 'La extracción falló',
  nothingFound: 'No se encontraron campos',
  hotkeyProblem: 'Atajo no disponible',
};

export function pickLocale(setting: 'auto' | 'en' | 'es', osLocale: string): 'en' | 'es' {
  if (setting !== 'auto') return setting;
  return osLocale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function messagesFor(locale: 'en' | 'es'): MainMessages {
  return locale === 'es' ? es : en;
}
