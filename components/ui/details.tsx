import type { HTMLAttributes, ReactNode } from 'react';

const SPACING = {
  wide: 'gap-x-8 gap-y-2',
  normal: 'gap-x-6 gap-y-2',
  compact: 'gap-x-6 gap-y-1',
} as const;

/** Labelled values in two columns (label, value): a record's details. */
export function DetailList({ spacing = 'normal', children }: { spacing?: keyof typeof SPACING; children: ReactNode }) {
  return <dl className={`grid grid-cols-[max-content_1fr] ${SPACING[spacing]} text-sm`}>{children}</dl>;
}

/** One labelled value of a `DetailList`; other attributes go to the value. */
export function Detail({ label, children, ...value }: HTMLAttributes<HTMLElement> & { label: string }) {
  return (
    <>
      <dt className="text-ink-muted">{label}</dt>
      <dd {...value}>{children}</dd>
    </>
  );
}
