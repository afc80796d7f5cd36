import type { InputHTMLAttributes } from 'react';

/** A labelled input with its validation message wired up for screen readers. */
export function Field({
  label,
  name,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; error?: string[] }) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <input
        id={name}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className="block w-full rounded-md border border-gray-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 aria-[invalid]:border-danger-600"
        {...props}
      />
      {error ? (
        <p id={errorId} className="text-sm text-danger-700">
          {error.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
