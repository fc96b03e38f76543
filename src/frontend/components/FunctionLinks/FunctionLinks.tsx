// Where to look at a function outside Backstage: its page in the AWS console and, where Datadog
// traces it, its serverless view on the configured Datadog site. The URLs come from common/links.
import { useState } from 'react';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import type { FunctionSummary } from '../../../common/api';
import { functionLinks } from '../../../common/links';

type Linked = Pick<FunctionSummary, 'arn' | 'name' | 'status'>;

/** The links of one function as label → URL; the Datadog one only with a known site and Datadog tracing. */
export function linksOf(fn: Linked, datadogSite: string | undefined): Array<{ label: string; href: string }> {
  const links = functionLinks(fn.arn, fn.status, datadogSite ?? '');
  if (!links) return [];
  return [
    { label: 'Open in AWS console', href: links.awsConsole },
    ...(links.datadog && datadogSite ? [{ label: 'Open in Datadog', href: links.datadog }] : []),
  ];
}

/** Both links as buttons (the details drawer). They open a new tab: the drawer stays where it was. */
export function FunctionLinks(props: { fn: Linked; datadogSite?: string }) {
  const links = linksOf(props.fn, props.datadogSite);
  if (links.length === 0) return null;
  return (
    <Stack direction="row" spacing={1} component="nav" aria-label="Links out" sx={{ my: 1 }}>
      {links.map(link => (
        <Button key={link.label} size="small" variant="outlined" href={link.href} target="_blank" rel="noopener noreferrer">
          {link.label}
        </Button>
      ))}
    </Stack>
  );
}

/** A table row's menu (⋮) with the same links. */
export function FunctionRowMenu(props: { fn: Linked; datadogSite?: string }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // The menu exists from its first opening until its closing transition has ended: a closed Menu
  // (popover, modal, transition) otherwise renders in every row of every page for nothing.
  const [menuMounted, setMenuMounted] = useState(false);
  const links = linksOf(props.fn, props.datadogSite);
  if (links.length === 0) return null;
  const menuId = `row-menu-${props.fn.arn}`;
  return (
    <>
      <IconButton
        size="small"
        aria-label={`More for ${props.fn.name}`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        onClick={event => {
          // The grid would otherwise take the click as a row click.
          event.stopPropagation();
          setAnchor(event.currentTarget);
          setMenuMounted(true);
        }}
      >
        ⋮
      </IconButton>
      {menuMounted && (
        <Menu
          id={menuId}
          anchorEl={anchor}
          open={anchor !== null}
          onClose={() => setAnchor(null)}
          TransitionProps={{ onExited: () => setMenuMounted(false) }}
        >
          {links.map(link => (
            <MenuItem
              key={link.label}
              component="a"
              href={link.href}
              target="_blank"
              rel="noopener noreferrer"
              onClick={() => setAnchor(null)}
            >
              {link.label}
            </MenuItem>
          ))}
        </Menu>
      )}
    </>
  );
}
