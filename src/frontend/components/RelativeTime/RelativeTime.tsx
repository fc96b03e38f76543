import Tooltip from '@mui/material/Tooltip';
import { exactTime, relativeTime } from '../../time';

/** A relative time ("3 days ago") whose exact time shows on hover and is the element's datetime. */
export function RelativeTime(props: { iso: string | null | undefined; fallback?: string }) {
  if (!props.iso) return <>{props.fallback ?? '—'}</>;
  const relative = relativeTime(props.iso);
  if (relative === null) return <>{props.iso}</>;
  const exact = exactTime(props.iso);
  return (
    <Tooltip title={exact}>
      <time dateTime={props.iso} aria-label={`${relative} (${exact})`}>
        {relative}
      </time>
    </Tooltip>
  );
}
