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
});
