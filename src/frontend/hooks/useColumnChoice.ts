// The columns a person showed or hid in the column chooser, kept in Backstage's StorageApi: the
// browser's local storage by default, the user-settings backend where an app installs it (then it
// follows the person to other browsers). Not in the URL like filters and sort: which columns fit is a
// preference about one's own screen, wanted on every visit, and a link shared with a colleague should
// open the view it shows, not impose the sender's columns.
import { useCallback, useState } from 'react';
import { storageApiRef, useApi } from '@backstage/core-plugin-api';
import type { GridColumnVisibilityModel } from '@mui/x-data-grid';

const BUCKET = 'serverless-tracing';
const KEY = 'inventory-columns';

export function useColumnChoice(): [GridColumnVisibilityModel, (choice: GridColumnVisibilityModel) => void] {
  const storage = useApi(storageApiRef).forBucket(BUCKET);
  const [choice, setChoice] = useState<GridColumnVisibilityModel>(() => asVisibilityModel(storage.snapshot(KEY).value));
  const choose = useCallback(
    (next: GridColumnVisibilityModel) => {
      setChoice(next);
      // Not awaited: a storage that cannot write keeps the choice for this visit only.
      storage.set(KEY, next).catch(() => undefined);
    },
    [storage],
  );
  return [choice, choose];
}

/** A stored value as a visibility model: anything else (an older shape, a hand edit) counts as no choice. */
export function asVisibilityModel(value: unknown): GridColumnVisibilityModel {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
}
