import { texts } from '../message.ts';

/** Automatic capture: why it waits. */
export const auto = texts(
  {
    'auto.pausedPerHourOne':
      'Auto-capture paused: 1 extraction in the last hour is the cap; it resumes at {time}.',
    'auto.pausedPerHour':
      'Auto-capture paused: {count} extractions in the last hour is the cap; it resumes at {time}.',
    'auto.pausedCost':
      'Auto-capture paused: {spent} estimated today, and another extraction would pass the {cap} daily cap; it resumes at midnight.',
  },
  {
    'auto.pausedPerHourOne':
      'Captura automática en pausa: el límite es 1 extracción en la última hora; se reanuda a las {time}.',
    'auto.pausedPerHour':
      'Captura automática en pausa: el límite es {count} extracciones en la última hora; se reanuda a las {time}.',
    'auto.pausedCost':
      'Captura automática en pausa: hoy se estiman {spent} y otra extracción superaría el límite diario de {cap}; se reanuda a medianoche.',
  },
);
