// A disclosure menu for the top bar: a button that shows and hides a panel of
// links, closed by Escape (focus back on the button), an outside click, or a navigation.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useLocation } from '../router.js';

interface MenuProps {
  /** What the button says; `label` is its accessible name when that differs. */
  button: ReactNode;
  label: string;
  className?: string;
  children: ReactNode;
}

export function Menu({ button, label, className, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const { path } = useLocation();

  useEffect(() => setOpen(false), [path]);

  useEffect(() => {
    if (!open) return;
    function outside(event: PointerEvent): void {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    }
    function escape(event: KeyboardEvent): void {
      if (event.key !== 'Escape') return;
      setOpen(false);
      trigger.current?.focus();
    }
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  return (
    <div className={`menu ${className ?? ''}`} ref={root}>
      <button
        ref={trigger}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={label}
        onClick={() => setOpen((was) => !was)}
      >
        {button}
        <span className="menu-caret" aria-hidden="true" />
      </button>
      <div id={panelId} className="menu-panel" hidden={!open}>
        {children}
      </div>
    </div>
  );
}
