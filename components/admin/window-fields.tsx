/** The From and To dates (UTC) of a window the server defaults to the last 24 hours, each with its validation message. */
export function WindowFields({ idPrefix, errors }: { idPrefix: string; errors?: Record<string, string[]> }) {
  return (
    <>
      <DateField id={`${idPrefix}-from`} name="from" label="From (UTC, default 24 h ago)" errors={errors?.from} />
      <DateField id={`${idPrefix}-to`} name="to" label="To (UTC, default now)" errors={errors?.to} />
    </>
  );
}

function DateField({ id, name, label, errors }: { id: string; name: string; label: string; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-ink-muted">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="date"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `${id}-error` : undefined}
        className="rounded-md border border-gray-300 px-2 py-1.5 text-sm"
      />
      {errors ? (
        <p id={`${id}-error`} className="text-xs text-danger-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
