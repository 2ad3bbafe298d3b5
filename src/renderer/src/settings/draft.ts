import { Profile, slugify, type Field, type FieldType } from '../../../shared/field.ts';
import type { ProfileInput } from '../../../shared/ipc.ts';
import type { Message } from '../../../shared/messages/message.ts';

/** A field as it is being edited: hints as the text typed, and a stable id for React and focus. */
export interface FieldDraft {
  uid: string;
  key: string;
  /** The key follows the label until the person edits the key itself. */
  autoKey: boolean;
  label: string;
  type: FieldType;
  description: string;
  required: boolean;
  labels: string;
  pattern: string;
}

export interface ProfileDraft {
  /** Absent (or undefined, when a copy drops it) for a profile not saved yet. */
  id?: string | undefined;
  name: string;
  fields: FieldDraft[];
  instructions?: string;
}

let counter = 0;
const uid = (): string => `f${++counter}`;

export function emptyField(): FieldDraft {
  return {
    uid: uid(),
    key: '',
    autoKey: true,
    label: '',
    type: 'text',
    description: '',
    required: false,
    labels: '',
    pattern: '',
  };
}

export function toDraft(profile: ProfileInput): ProfileDraft {
  return {
    ...(profile.id ? { id: profile.id } : {}),
    name: profile.name,
    ...(profile.instructions ? { instructions: profile.instructions } : {}),
    fields: profile.fields.map((f) => ({
      uid: uid(),
      key: f.key,
      autoKey: f.key === slugify(f.label),
      label: f.label,
      type: f.type,
      description: f.description ?? '',
      required: f.required ?? false,
      labels: (f.hints?.labels ?? []).join(', '),
      pattern: f.hints?.pattern ?? '',
    })),
  };
}

function toField(d: FieldDraft): Field {
  const labels = d.labels
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const hints = {
    ...(labels.length > 0 ? { labels } : {}),
    ...(d.pattern.trim() !== '' ? { pattern: d.pattern.trim() } : {}),
  };
  return {
    key: d.key,
    label: d.label,
    type: d.type,
    ...(d.description.trim() !== '' ? { description: d.description.trim() } : {}),
    ...(d.required ? { required: true } : {}),
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
  };
}

export function fromDraft(draft: ProfileDraft): ProfileInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    fields: draft.fields.map(toField),
    ...(draft.instructions ? { instructions: draft.instructions } : {}),
  };
}

/**
 * Problems by path ("name", "fields.0.label", "fields.1.hints.pattern"), from the shared schema:
 * its message, or the message its own checks attach (a pattern the engine cannot run).
 */
export type Problems = Record<string, string | Message>;

export function validate(draft: ProfileDraft): Problems {
  const parsed = Profile.safeParse({ ...fromDraft(draft), id: draft.id ?? 'new' });
  if (parsed.success) return {};
  const problems: Problems = {};
  for (const issue of parsed.error.issues) {
    const at = issue.path.join('.');
    const said = issue.code === 'custom' ? (issue.params as { said?: Message } | undefined)?.said : undefined;
    problems[at] ??= said ?? issue.message;
  }
  return problems;
}

export function withLabel(field: FieldDraft, label: string): FieldDraft {
  return { ...field, label, key: field.autoKey ? slugify(label) : field.key };
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
