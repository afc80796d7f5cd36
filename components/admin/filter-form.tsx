import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';

// Whole class names, so Tailwind finds them.
const COLUMNS = { 3: 'sm:grid-cols-3', 4: 'sm:grid-cols-4' } as const;

/** A GET form of list filters (`FilterField`s): submitting reloads the page with them in the URL. */
export function FilterForm({ label, columns, children }: { label: string; columns: keyof typeof COLUMNS; children: ReactNode }) {
  return (
    <form
      method="get"
      role="search"
      aria-label={label}
      className={`grid grid-cols-1 gap-3 rounded-card border border-gray-200 bg-white p-4 ${COLUMNS[columns]}`}
    >
      {children}
      <div className="flex items-end">
        <Button type="submit">Filter</Button>
      </div>
    </form>
  );
}
