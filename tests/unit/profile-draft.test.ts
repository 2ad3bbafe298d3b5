import { describe, expect, it } from 'vitest';
import { fromDraft, toDraft } from '../../src/renderer/src/settings/draft.ts';
import { ProfileInput } from '../../src/shared/ipc.ts';
import type { Profile } from '../../src/shared/field.ts';

// Settings edits a profile through a draft; what no control shows must come back out unchanged.
describe('a profile through the Settings editor', () => {
  it('keeps what the editor does not show: effort, a field position, a column hint, checks off', () => {
    const profile: Profile = {
      id: 'inv',
      name: 'Invoices',
      effort: 'high',
      checksOff: ['line_math'],
      instructions: 'Spanish invoices',
      fields: [
        {
          key: 'total',
          label: 'Total',
          type: 'number',
          role: 'total',
          hints: { position: 'bottom', labels: ['Importe'] },
        },
        {
          key: 'items',
          label: 'Items',
          type: 'table',
          columns: [{ key: 'sku', label: 'SKU', type: 'text', hints: { pattern: '[A-Z]{3}-\\d+' } }],
        },
      ],
    };
    const saved = ProfileInput.parse(fromDraft(toDraft(profile)));
    expect(saved).toEqual(profile);
  });

  it("keeps what a model's value not on the page becomes, for the profile and for a field", () => {
    const profile: Profile = {
      id: 'inv',
      name: 'Invoices',
      notOnPage: 'null',
      secondOpinion: false,
      fields: [
        { key: 'number', label: 'Number', type: 'text', notOnPage: 'flag' },
        { key: 'total', label: 'Total', type: 'number' },
      ],
    };
    const draft = toDraft(profile);
    expect(draft.fields.map((f) => f.notOnPage)).toEqual(['flag', undefined]);
    expect(ProfileInput.parse(fromDraft(draft))).toEqual(profile);
  });

  it('leaves the second opinion unset until the person sets it, so its default follows the fields', () => {
    const profile: Profile = {
      id: 'r',
      name: 'Receipts',
      fields: [{ key: 'shop', label: 'Shop', type: 'text' }],
    };
    const saved = fromDraft(toDraft(profile));
    expect(saved).not.toHaveProperty('secondOpinion');
    expect(saved).not.toHaveProperty('notOnPage');
    expect(saved.fields[0]).not.toHaveProperty('notOnPage');
    expect(fromDraft({ ...toDraft(profile), secondOpinion: true }).secondOpinion).toBe(true);
  });
});
