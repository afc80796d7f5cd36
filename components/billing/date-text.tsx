import { formatDate } from './format';

/** A date as text, with the exact instant in `dateTime` (tests compare it with Stripe's timestamps). */
export function DateText({ iso, testId }: { iso: string; testId?: string }) {
  return (
    <time dateTime={iso} data-testid={testId}>
      {formatDate(iso)}
    </time>
  );
}
