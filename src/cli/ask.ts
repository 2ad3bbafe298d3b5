import { createInterface } from 'node:readline/promises';
import { parseFieldSpec, FieldSpecError, type Field } from '../shared/field.ts';
import type { Translate } from '../shared/messages/catalogue.ts';

/**
 * The brief's start-up question: with no profile yet, ask which data to extract. Asks again on a
 * malformed answer rather than failing, since a person is there to correct it.
 */
export async function askForFields(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  t: Translate,
): Promise<Field[]> {
  const rl = createInterface({ input, output });
  try {
    for (const line of [t('ask.intro'), t('ask.how'), t('ask.example')]) output.write(`${line}\n`);
    for (;;) {
      const answer = await rl.question(t('ask.prompt'));
      try {
        return parseFieldSpec(answer);
      } catch (error) {
        if (!(error instanceof FieldSpecError)) throw error;
        output.write(`${t.say(error.said)}\n`);
      }
    }
  } finally {
    rl.close();
  }
}
