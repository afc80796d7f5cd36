import type { ReactNode } from 'react';

type Props = {
  name: string;
  label: string;
  defaultValue?: string;
  errors?: string[];
  type?: string;
  placeholder?: string;
  children?: ReactNode;
};

/** A labelled filter input (or the select passed as children) for the GET filter forms, with its validation message. */
export function FilterField({ name, label, defaultValue, errors, type = 'text', placeholder, children }: Props) {
  const errorId = `${name}-error`;
  const common = {
    id: name,
    name,
    defaultValue,
    'aria-invalid': errors ? true : undefined,
    'aria-describedby': errors ? errorId : undefined,
    className: 'block w-full rounded-md border border-gray-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-danger-600',
  };
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-xs font-medium text-ink-muted">
        {label}
      </label>
      {children ? <select {...common}>{children}</select> : <input type={type} placeholder={placeholder} {...common} />}
      {errors ? (
        <p id={errorId} className="text-xs text-danger-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
