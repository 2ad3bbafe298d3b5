import { useCallback, useEffect, useMemo, useState } from 'react';
import { displayAccelerator, effectiveHotkeys } from '../../../shared/accelerator.ts';
import { parseFieldSpec } from '../../../shared/field.ts';
import type { IpcRequest, IpcResponse, ProfilesState } from '../../../shared/ipc.ts';
import type { ProviderSettings, Settings } from '../../../shared/settings.ts';
import { useApi } from '../api.ts';
import { sayError, useI18n } from '../i18n.ts';
import { PLATFORM } from '../platform.ts';
import { useLeaveGuard, type LeaveGuard } from '../leave-guard.ts';
import { Confirm } from '../ui/Confirm.tsx';
import { Status } from '../ui/Status.tsx';
import { emptyField, fromDraft, toDraft, validate, type ProfileDraft } from './draft.ts';
import { FirstRunCard } from './FirstRunCard.tsx';
import { ProfileEditor } from './ProfileEditor.tsx';
import { ProfileList } from './ProfileList.tsx';
import { parseProfileFile, profileFileName, profileFileText } from './profile-file.ts';
import { SectionNav, type NavSection } from './SectionNav.tsx';
import { ProviderSection } from './ProviderSection.tsx';
import { AutoCaptureSection } from './AutoCaptureSection.tsx';
import { CaptureSection } from './CaptureSection.tsx';
import { LanguageSection } from './LanguageSection.tsx';
import { PrivacySection } from './PrivacySection.tsx';
import { SettingsFileNotice } from './SettingsFileNotice.tsx';
import type { SettingsReport } from '../../../shared/settings-problems.ts';

/** What the window reads when it opens, before anything is drawn. */
interface Opened {
  settings: Settings;
  /** The data folder Privacy names; null when main could not say. */
  home: string | null;
  /** What was wrong in settings.json when the app read it. */
  reports: SettingsReport[];
}

/** What the person asked for, run once the profile being edited is saved or let go. */
type Next = (state: ProfilesState) => unknown;

export function SettingsWindow({ onLocale }: { onLocale: (locale: Settings['locale']) => void }) {
  const api = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<ProfilesState | null>(null);
  // What the page is drawn from, read once when the window opens and drawn in one go: sections
  // that each read on their own arrived one by one, moving what was below under the pointer.
  const [opened, setOpened] = useState<Opened | null>(null);
  const [provider, setProvider] = useState<ProviderSettings | null>(null);
  const [capture, setCapture] = useState<Settings['capture'] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [draft, setDraft] = useState<ProfileDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  // The draft's problems show once the person has tried to save it.
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // A move that would drop the draft, held while the person answers Save / Discard / Cancel.
  const [pending, setPending] = useState<{ next: Next } | null>(null);
  const [status, setStatus] = useState<{ message: string; error?: boolean }>({ message: '' });

  const fail = (e: unknown) => setStatus({ message: sayError(t, e), error: true });

  const select = useCallback((s: ProfilesState, id: string | null) => {
    // With no active profile the first one is shown: the page never starts on an empty editor spot.
    const profile =
      s.profiles.find((p) => p.id === id) ??
      s.profiles.find((p) => p.id === s.activeProfileId) ??
      s.profiles[0];
    setSelectedId(profile?.id ?? null);
    setDraft(profile ? toDraft(profile) : null);
    setDirty(false);
    setTried(false);
  }, []);

  useEffect(() => {
    Promise.all([
      api.profilesList(),
      api.settingsGet(),
      api.appInfo().then(
        (info) => info.dataHome,
        () => null,
      ),
      api.settingsProblems().catch((): SettingsReport[] => []),
    ]).then(([profiles, settings, home, reports]) => {
      setState(profiles);
      select(profiles, profiles.activeProfileId);
      setOpened({ settings, home, reports });
      setProvider(settings.provider);
      setCapture(settings.capture);
    }, fail);
  }, [api, select]);

  // The top bar's History link asks too: leaving the window would drop the draft.
  const leaveGuard = useMemo<LeaveGuard | null>(
    () =>
      dirty
        ? (go) => {
            setPending({ next: go });
            return true;
          }
        : null,
    [dirty],
  );
  useLeaveGuard(leaveGuard);

  if (!state || !opened || !provider || !capture)
    return <main className="loading">{status.error ? status.message : t('loading')}</main>;
  const { settings: initial, home, reports } = opened;

  const edit = (next: ProfileDraft) => {
    setDraft(next);
    setDirty(true);
  };
  const startNew = (from?: ProfileDraft) => {
    setSelectedId(null);
    setDraft(
      from
        ? { ...from, id: undefined, name: t('profileCopyName', { name: from.name }) }
        : { name: t('profileNewName'), fields: [emptyField()], checksOff: [] },
    );
    setDirty(true);
    setTried(false);
    setTimeout(() => document.getElementById('profile-name')?.focus());
  };
  /** Runs `next` now, or, when the draft has changes, once the person has said what to do with them. */
  const guarded = (next: Next) => {
    if (dirty) setPending({ next });
    else void next(state);
  };
  /**
   * Saves a profile, then shows the list as main has it now with that profile selected; that
   * list, or null when it could not be saved (said in the status).
   */
  const saveAndSelect = async (
    request: IpcRequest<'profiles:save'>,
    said: (saved: IpcResponse<'profiles:save'>) => string,
  ): Promise<ProfilesState | null> => {
    try {
      const saved = await api.profilesSave(request);
      const next = await api.profilesList();
      setState(next);
      select(next, saved.id);
      setStatus({ message: said(saved) });
      return next;
    } catch (e) {
      fail(e);
      return null;
    }
  };
  const save = async (): Promise<ProfilesState | null> => {
    if (!draft) return null;
    setTried(true);
    if (Object.keys(validate(draft)).length > 0) {
      // The first problem takes the focus: what keeps the profile from being saved is in view.
      setTimeout(() => document.querySelector<HTMLElement>('.editor [aria-invalid="true"]')?.focus());
      return null;
    }
    return saveAndSelect({ profile: fromDraft(draft) }, () => t('saved'));
  };
  const answer = async (keep: boolean) => {
    const held = pending;
    setPending(null);
    if (!held) return;
    if (!keep) {
      setDirty(false);
      await held.next(state);
      return;
    }
    const saved = await save();
    if (saved) await held.next(saved);
  };
  const remove = async () => {
    setConfirming(false);
    if (!selectedId) return;
    try {
      const next = await api.profilesRemove({ id: selectedId });
      setState(next);
      select(next, next.activeProfileId);
    } catch (e) {
      fail(e);
    }
  };
  const activate = async () => {
    if (!selectedId) return;
    try {
      setState(await api.profilesSetActive({ id: selectedId }));
    } catch (e) {
      fail(e);
    }
  };

  const sample = () =>
    saveAndSelect(
      {
        profile: { name: t('profileSampleName'), fields: parseFieldSpec(t('profileSampleFields')) },
        activate: true,
      },
      () => t('saved'),
    );
  const exportProfile = () => {
    const profile = state.profiles.find((p) => p.id === selectedId);
    if (!profile) return;
    const url = URL.createObjectURL(new Blob([profileFileText(profile)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = profileFileName(profile);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const importProfile = async (current: ProfilesState, text: string) => {
    const parsed = parseProfileFile(
      text,
      current.profiles.map((p) => p.name),
      (name) => t('profileImportedName', { name }),
    );
    if (!parsed.ok) {
      setStatus({
        message: t(parsed.problem === 'json' ? 'profileImportNotJson' : 'profileImportBad'),
        error: true,
      });
      return;
    }
    await saveAndSelect({ profile: parsed.profile }, (saved) => t('profileImported', { name: saved.name }));
  };

  const selectedName = state.profiles.find((p) => p.id === selectedId)?.name ?? '';
  const firstRun = state.profiles.length === 0;
  const top: NavSection | null = draft
    ? { id: 'editor-title', label: 'fieldsTitle' }
    : firstRun
      ? { id: 'first-run-title', label: 'firstRunNav' }
      : null;
  return (
    <main className="settings">
      <h1 className="visually-hidden">{t('navSettings')}</h1>
      <div className="sidebar-column">
        <ProfileList
          profiles={state.profiles}
          activeId={state.activeProfileId}
          selectedId={selectedId}
          draftName={draft && !selectedId ? draft.name : null}
          dirty={dirty}
          onSelect={(id) => id !== selectedId && guarded((s) => select(s, id))}
          onNew={() => guarded(() => startNew())}
          onDuplicate={() => draft && startNew(draft)}
          onDelete={() => setConfirming(true)}
          onActivate={activate}
          onExport={exportProfile}
          onImport={(text) => guarded((s) => importProfile(s, text))}
        />
        <SectionNav first={top} />
      </div>
      <div className="content">
        <SettingsFileNotice reports={reports} />
        {pending && (
          <Confirm
            message={t('profileUnsavedConfirm', { name: draft?.name.trim() || t('profileNewName') })}
            confirmLabel={t('discard')}
            onConfirm={() => void answer(false)}
            onCancel={() => setPending(null)}
            alternative={{ label: t('save'), onClick: () => void answer(true) }}
          />
        )}
        {confirming && (
          <Confirm
            message={t('profileDeleteConfirm', { name: selectedName })}
            onConfirm={remove}
            onCancel={() => setConfirming(false)}
          />
        )}
        <Status {...status} />
        {firstRun && (
          <FirstRunCard
            provider={provider.id}
            shortcut={displayAccelerator(effectiveHotkeys(capture, PLATFORM).capture, PLATFORM)}
            drafting={draft !== null}
            onCreate={() => guarded(() => startNew())}
            onSample={() => guarded(sample)}
          />
        )}
        {draft && (
          <section className="card" aria-labelledby="editor-title">
            <h2 id="editor-title">{draft.name.trim() || t('profileNewName')}</h2>
            <ProfileEditor
              key={selectedId ?? 'new'}
              draft={draft}
              dirty={dirty}
              showProblems={tried}
              onChange={edit}
              onSave={() => void save()}
            />
          </section>
        )}
        <ProviderSection initial={provider} onSaved={setProvider} />
        <CaptureSection initial={initial.capture} onSaved={(s) => setCapture(s.capture)} />
        <AutoCaptureSection initial={initial.auto} />
        <PrivacySection initial={initial.privacy} home={home} />
        <LanguageSection initial={initial.locale} onChange={onLocale} />
      </div>
    </main>
  );
}
