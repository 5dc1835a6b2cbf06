import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog on the native <dialog> element (focus trap and Escape come with it); Escape closes it. */
export function Modal({ labelId, onClose, children }: { labelId: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={labelId} onCancel={(e) => (e.preventDefault(), onClose())} onClose={onClose}>
      {children}
    </dialog>
  );
}
