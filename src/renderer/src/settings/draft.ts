import {
  Profile,
  slugify,
  type CheckId,
  type Column,
  type Effort,
  type ColumnRole,
  type ColumnType,
  type Field,
  type FieldRole,
  type FieldType,
  type NotOnPage,
} from '../../../shared/field.ts';
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
  /** Unset: read from the key (shared/roles.ts). */
  role: FieldRole | undefined;
  /** A table's columns; kept while another type is picked, so picking Table again finds them. */
  columns: ColumnDraft[];
  /** Unset: as the profile says (shared/field.ts, notOnPageFor). */
  notOnPage: NotOnPage | undefined;
  /** What the editor does not show (where on the page the value usually is), carried along. */
  position?: NonNullable<Field['hints']>['position'];
}

/** A table's column as it is being edited; what the editor does not show (hints) is carried along. */
export interface ColumnDraft {
  uid: string;
  key: string;
  autoKey: boolean;
  label: string;
  type: ColumnType;
  role: ColumnRole | undefined;
  kept: Pick<Column, 'description' | 'hints'>;
}

export interface ProfileDraft {
  /** Absent (or undefined, when a copy drops it) for a profile not saved yet. */
  id?: string | undefined;
  name: string;
  fields: FieldDraft[];
  instructions?: string;
  checksOff: CheckId[];
  /** Unset: flag. */
  notOnPage?: NotOnPage | undefined;
  /**
   * Unset until the person changes it, so the default keeps following the number of fields
   * (wantsSecondOpinion) as fields are added or removed.
   */
  secondOpinion?: boolean | undefined;
  /** What the editor does not show (reasoning effort, set in settings.json), carried along. */
  effort?: Effort | undefined;
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
    role: undefined,
    columns: [],
    notOnPage: undefined,
  };
}

export function emptyColumn(): ColumnDraft {
  return { uid: uid(), key: '', autoKey: true, label: '', type: 'text', role: undefined, kept: {} };
}

function toColumnDraft(c: Column): ColumnDraft {
  return {
    uid: uid(),
    key: c.key,
    autoKey: c.key === slugify(c.label),
    label: c.label,
    type: c.type,
    role: c.role,
    kept: {
      ...(c.description ? { description: c.description } : {}),
      ...(c.hints ? { hints: c.hints } : {}),
    },
  };
}

function toColumn(d: ColumnDraft): Column {
  return { key: d.key, label: d.label, type: d.type, ...(d.role ? { role: d.role } : {}), ...d.kept };
}

export function toDraft(profile: ProfileInput): ProfileDraft {
  return {
    ...(profile.id ? { id: profile.id } : {}),
    name: profile.name,
    ...(profile.instructions ? { instructions: profile.instructions } : {}),
    checksOff: profile.checksOff ?? [],
    ...(profile.notOnPage ? { notOnPage: profile.notOnPage } : {}),
    ...(profile.secondOpinion !== undefined ? { secondOpinion: profile.secondOpinion } : {}),
    ...(profile.effort ? { effort: profile.effort } : {}),
    fields: profile.fields.map((f) => ({
      ...(f.hints?.position ? { position: f.hints.position } : {}),
      uid: uid(),
      key: f.key,
      autoKey: f.key === slugify(f.label),
      label: f.label,
      type: f.type,
      description: f.description ?? '',
      required: f.required ?? false,
      labels: (f.hints?.labels ?? []).join(', '),
      pattern: f.hints?.pattern ?? '',
      role: f.role,
      columns: (f.columns ?? []).map(toColumnDraft),
      notOnPage: f.notOnPage,
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
    ...(d.position ? { position: d.position } : {}),
  };
  return {
    key: d.key,
    label: d.label,
    type: d.type,
    ...(d.description.trim() !== '' ? { description: d.description.trim() } : {}),
    ...(d.required ? { required: true } : {}),
    ...(Object.keys(hints).length > 0 ? { hints } : {}),
    // A role only where the checks read one: a table's is in its columns.
    ...(d.role && d.type !== 'table' && d.type !== 'list' ? { role: d.role } : {}),
    ...(d.type === 'table' ? { columns: d.columns.map(toColumn) } : {}),
    ...(d.notOnPage ? { notOnPage: d.notOnPage } : {}),
  };
}

export function fromDraft(draft: ProfileDraft): ProfileInput {
  return {
    ...(draft.id ? { id: draft.id } : {}),
    name: draft.name,
    fields: draft.fields.map(toField),
    ...(draft.instructions ? { instructions: draft.instructions } : {}),
    ...(draft.checksOff.length > 0 ? { checksOff: draft.checksOff } : {}),
    ...(draft.notOnPage ? { notOnPage: draft.notOnPage } : {}),
    ...(draft.secondOpinion !== undefined ? { secondOpinion: draft.secondOpinion } : {}),
    ...(draft.effort ? { effort: draft.effort } : {}),
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

/** A field or column whose key follows its label until the person edits the key. */
export function withLabel<T extends { label: string; key: string; autoKey: boolean }>(
  field: T,
  label: string,
): T {
  return { ...field, label, key: field.autoKey ? slugify(label) : field.key };
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
