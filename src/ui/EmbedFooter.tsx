/** The one line an embedded panel keeps: where it comes from, and the same view in the whole app. */
import { useAppStore } from '../state/store';
import { shareableUrl } from '../state/url';

export function EmbedFooter() {
  const settings = useAppStore((s) => s.settings);
  const full = shareableUrl({ ...settings, embed: null }, window.location.href);
  return (
    <p className="embed-footer muted">
      <a href={full} target="_blank" rel="noreferrer" data-testid="embed-open-app">
        Open in AKConv Playground
      </a>{' '}
      · AKConv / LDConv: Zhang et al., 2023. YOLOv5 by Ultralytics (AGPL-3.0).
    </p>
  );
}
