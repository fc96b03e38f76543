// The plugin's icon (a lambda), drawn here so the nav item needs no icon package: the new frontend
// system's nav lists only pages that carry an icon, and legacy apps can use it in their SidebarItem.
import { createSvgIcon } from '@mui/material/utils';

export const ServerlessTracingIcon = createSvgIcon(
  <path d="M5.5 21 10.6 10.2 7.4 3H10l8.6 18h-2.7l-3.9-8.1L8.2 21z" />,
  'ServerlessTracing',
);
