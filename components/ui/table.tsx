import type { ReactNode } from 'react';

/** A column heading; a `hidden` one is read by screen readers only (e.g. over a column of links). */
export type Column = string | { label: string; align?: 'right'; hidden?: boolean };

type Props<T> = {
  /** What the table lists, for screen readers. */
  caption: string;
  columns: Column[];
  rows: T[];
  /** Shown instead of the table when there are no rows; without it, an empty table is shown. */
  empty?: string;
  /** Lets a wide table scroll sideways on narrow screens. */
  scroll?: boolean;
  /** One `<tr>` (with its key) per row. */
  children: (row: T) => ReactNode;
};

function headingClass(index: number, align: 'right' | undefined): string | undefined {
  return [index === 0 ? 'py-2' : '', align === 'right' ? 'text-right' : ''].filter(Boolean).join(' ') || undefined;
}

/** The plain data table of the app's pages: a caption for screen readers, muted headings, a row per item. */
export function Table<T>({ caption, columns, rows, empty, scroll = false, children }: Props<T>) {
  if (rows.length === 0 && empty) return <p className="text-sm text-ink-muted">{empty}</p>;
  const table = (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-ink-muted">
        <tr>
          {columns.map((column, i) => {
            const { label, align, hidden } = typeof column === 'string' ? { label: column, align: undefined, hidden: false } : column;
            return (
              <th key={label} scope="col" className={headingClass(i, align)}>
                {hidden ? <span className="sr-only">{label}</span> : label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{rows.map((row) => children(row))}</tbody>
    </table>
  );
  return scroll ? <div className="overflow-x-auto">{table}</div> : table;
}
