import { createInterface } from 'node:readline/promises';
import { parseFieldSpec, FieldSpecError, type Field } from '../shared/field.ts';

/**
 * The brief's start-up question: with no profile yet, ask which data to extract. Asks again on a
 * malformed answer rather than failing, since a person is there to correct it.
 */
export async function askForFields(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<Field[]> {
  const rl = createInterface({ input, output });
  try {
    output.write('No profile yet. What data do you want to extract from your documents?\n');
    output.write('List the fields separated by commas, with a type after a colon where it helps,\n');
    output.write('for example: invoice number, date:date, total:number\n');
    for (;;) {
      const answer = await rl.question('Fields: ');
      try {
        return parseFieldSpec(answer);
      } catch (error) {
        if (!(error instanceof FieldSpecError)) throw error;
        output.write(`${error.message}\n`);
      }
    }
  } finally {
    rl.close();
  }
}
