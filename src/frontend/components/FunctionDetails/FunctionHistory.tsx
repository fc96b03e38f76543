import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import type { AuditEvent } from '../../../common/api';
import { RelativeTime } from '../RelativeTime';

const OUTCOME_WORDS: Record<AuditEvent['outcome'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  refused: 'was refused',
};

const ACTION_WORDS: Record<AuditEvent['action'], string> = {
  enable: 'Enable',
  rollback: 'Rollback',
  'role-policy': "Granting a permission to the function's role",
};

/** What the plugin did to this function, newest first, from the audit trail. */
export function FunctionHistory(props: { events: AuditEvent[] }) {
  if (props.events.length === 0) {
    return <Typography variant="body2">The plugin has not changed this function.</Typography>;
  }
  const events = [...props.events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <List dense aria-label="History">
      {events.map(event => (
        <ListItem key={event.id} disableGutters>
          <ListItemText
            primary={`${ACTION_WORDS[event.action]} ${OUTCOME_WORDS[event.outcome]}: ${event.summary}`}
            secondary={
              <>
                <RelativeTime iso={event.at} /> by {event.actor}
                {event.message ? ` — ${event.message}` : ''}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
