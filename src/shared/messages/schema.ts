import { z } from 'zod';
import type { Message, MessageParam } from './message.ts';

/**
 * A message as it is stored in a result file or sent over IPC. The code is any string: a file
 * written by a newer build may hold one this build does not know (see say()).
 */
const StoredMessageParam: z.ZodType<MessageParam> = z.lazy(() =>
  z.union([z.string(), z.number(), StoredMessage]),
);

const StoredMessageParams = z.record(z.string(), StoredMessageParam);

export const StoredMessage: z.ZodType<Message> = z.object({
  code: z.string().min(1),
  params: StoredMessageParams.optional(),
});

/**
 * A reason kept with data (a result, an export's status): the English sentence, and its code and
 * parameters (see shared/stored-error.ts). Data written before codes existed has the sentence only.
 */
export const StoredErrorShape = {
  error: z.string().optional(),
  errorCode: z.string().optional(),
  errorParams: StoredMessageParams.optional(),
};
