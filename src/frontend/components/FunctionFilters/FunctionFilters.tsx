import { memo, useCallback, useRef } from 'react';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { FacetCount, Facets } from '../../../common/api';
import { facetLabel } from '../../labels';
import { EMPTY_FILTERS, isFiltered, type FilterField, type FilterState } from './filterState';

const FIELDS: Array<[FilterField, string]> = [
  ['account', 'Account'],
  ['region', 'Region'],
  ['runtime', 'Runtime family'],
  ['status', 'Status'],
  ['evidence', 'Traces arriving'],
  ['solution', 'Solution'],
  ['applicability', 'Applicability'],
  ['owner', 'Owner'],
];

/** Search and facet filters; each option shows how many functions it matches. */
export function FunctionFilters(props: {
  value: FilterState;
  facets: Facets | undefined;
  onChange: (value: FilterState) => void;
  /** The entity tab is already scoped to one owner. */
  hideOwnerFilters?: boolean;
}) {
  const { value, facets, onChange } = props;
  const fields = props.hideOwnerFilters ? FIELDS.filter(([field]) => field !== 'owner') : FIELDS;
  const active = isFiltered(value);
  // The facet menus change with their own selection or counts, not with each keystroke in the search
  // box: one stable handler for all of them reads the filters of the moment through a ref.
  const latest = useRef(value);
  latest.current = value;
  const changeFacet = useCallback(
    (field: FilterField, values: string[]) => onChange({ ...latest.current, selected: { ...latest.current.selected, [field]: values } }),
    [onChange],
  );

  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center" sx={{ mb: 1 }}>
      <TextField
        size="small"
        label="Search functions"
        type="search"
        value={value.q}
        onChange={event => onChange({ ...value, q: event.target.value })}
        sx={{ minWidth: 220 }}
      />
      {fields.map(([field, label]) => (
        <FacetSelect
          key={field}
          field={field}
          label={label}
          counts={facets?.[field] ?? NO_COUNTS}
          selected={value.selected[field]}
          onChange={changeFacet}
        />
      ))}
      {!props.hideOwnerFilters && (
        <FormControlLabel
          control={<Switch checked={value.ownedByMe} onChange={event => onChange({ ...value, ownedByMe: event.target.checked })} />}
          label="Owned by me"
        />
      )}
      {active && <Button onClick={() => onChange(EMPTY_FILTERS)}>Clear filters</Button>}
    </Stack>
  );
}

const NO_COUNTS: FacetCount[] = [];

interface FacetSelectProps {
  field: FilterField;
  label: string;
  counts: FacetCount[];
  selected: string[];
  onChange: (field: FilterField, values: string[]) => void;
}

/** The selection comes parsed from the URL anew on every change of it: equal values, not the same array, mean no change. */
const sameFacetProps = (a: FacetSelectProps, b: FacetSelectProps) =>
  a.field === b.field &&
  a.label === b.label &&
  a.counts === b.counts &&
  a.onChange === b.onChange &&
  a.selected.length === b.selected.length &&
  a.selected.every((v, i) => v === b.selected[i]);

const FacetSelect = memo(function FacetSelect(props: FacetSelectProps) {
  const { field, counts, selected } = props;
  // Keep chosen values listed even when the other filters leave them no matches.
  const options = [...counts, ...selected.filter(v => !counts.some(c => c.value === v)).map(v => ({ value: v, count: 0 }))];
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={selected}
      sx={{ minWidth: 150 }}
      SelectProps={{
        multiple: true,
        renderValue: values => (values as string[]).map(v => facetLabel(field, v)).join(', '),
      }}
      onChange={event => {
        const next = event.target.value as unknown as string[] | string;
        props.onChange(field, typeof next === 'string' ? next.split(',') : next);
      }}
    >
      {options.length === 0 && (
        <MenuItem disabled value="">
          No values
        </MenuItem>
      )}
      {options.map(option => (
        <MenuItem key={option.value} value={option.value}>
          {facetLabel(field, option.value)} ({option.count})
        </MenuItem>
      ))}
    </TextField>
  );
}, sameFacetProps);
