// Every Custom UI page starts here: Atlaskit's CSS reset, then the page's root component in StrictMode.
import '@atlaskit/css-reset';
import { StrictMode, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';

export function mountPage(page: ReactElement, containerId = 'root'): void {
  const container = document.getElementById(containerId);
  if (!container) throw new Error(`The page's HTML has no #${containerId} element to render into.`);
  createRoot(container).render(<StrictMode>{page}</StrictMode>);
}
