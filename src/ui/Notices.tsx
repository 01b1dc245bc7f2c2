/** Messages for the user: fallbacks, bad files, ignored URL values. */
import { useAppStore } from '../state/store';

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const dismiss = useAppStore((s) => s.dismiss);
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-live="assertive">
      {notices.map((n) => (
        <li key={n.id} className={`notice ${n.kind}`} data-testid={`notice-${n.kind}`}>
          <span>{n.text}</span>
          <button type="button" onClick={() => dismiss(n.id)} aria-label="Dismiss">×</button>
        </li>
      ))}
    </ul>
  );
}
