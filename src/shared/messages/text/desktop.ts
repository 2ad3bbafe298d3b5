import { texts } from '../message.ts';

/**
 * What the desktop app says outside its windows: the tray menu, notifications, window titles and
 * dialogs. Numbers and dates in them are formatted with the same locale.
 */
export const desktop = texts(
  {
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

    'hotkey.taken':
      '{accelerator} is already used by another app (or by the other Extracto shortcut); choose another in Settings → Capture.',
    'hotkey.notCombination': '"{accelerator}" is not a key combination.',
    'hotkey.needsModifier': '"{accelerator}" needs a modifier such as Ctrl, Alt or Shift.',
    'hotkey.notModifier': '"{key}" in "{accelerator}" is not a modifier key.',
    'hotkey.repeatsModifier': '"{accelerator}" repeats a modifier.',
    'hotkey.unusableKey': '"{key}" in "{accelerator}" is not a key Extracto can use.',
    'limits.macPermission':
      'macOS has not given Extracto the Screen Recording permission: allow it in System Settings → Privacy & Security → Screen Recording, then restart Extracto.',
    'limits.wayland':
      'This is a Wayland session: Extracto asks the desktop for its shortcuts (it may ask you to confirm them once) and each capture may ask for permission. If a shortcut does nothing, your desktop offers no shortcuts portal: use the tray menu, or log in to an X11 session.',
    'keychain.none':
      'This system offers no keychain to keep {name} encrypted, so Extracto will not store it; set {name} in the environment instead.',
    'shell.openFailed': 'The system could not open {file}: {problem}',
    'start.failedLine': 'Extracto could not start: {reason}',
    'overlay.title': 'Extracto — select a region',
    'overlay.hint': 'Drag to select the area to read · Esc to cancel',
  },
  {
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

    'hotkey.taken':
      'Otra aplicación (o el otro atajo de Extracto) ya usa {accelerator}; elige otro en Ajustes → Captura.',
    'hotkey.notCombination': '«{accelerator}» no es una combinación de teclas.',
    'hotkey.needsModifier': '«{accelerator}» necesita un modificador como Ctrl, Alt o Mayús.',
    'hotkey.notModifier': '«{key}» en «{accelerator}» no es una tecla modificadora.',
    'hotkey.repeatsModifier': '«{accelerator}» repite un modificador.',
    'hotkey.unusableKey': '«{key}» en «{accelerator}» no es una tecla que Extracto pueda usar.',
    'limits.macPermission':
      'macOS no ha dado a Extracto el permiso de Grabación de pantalla: permítelo en Ajustes del Sistema → Privacidad y seguridad → Grabación de pantalla y vuelve a abrir Extracto.',
    'limits.wayland':
      'Esta es una sesión de Wayland: Extracto pide sus atajos al escritorio (puede que te pida confirmarlos una vez) y cada captura puede pedir permiso. Si un atajo no hace nada, tu escritorio no ofrece un portal de atajos: usa el menú de la bandeja o inicia una sesión de X11.',
    'keychain.none':
      'Este sistema no ofrece un llavero donde guardar {name} cifrada, así que Extracto no la guardará; define {name} en el entorno.',
    'shell.openFailed': 'El sistema no pudo abrir {file}: {problem}',
    'start.failedLine': 'Extracto no pudo iniciarse: {reason}',
    'overlay.title': 'Extracto — elige una zona',
    'overlay.hint': 'Arrastra para elegir la zona · Esc para cancelar',
  },
);
