import type { ReactNode } from 'react';

const TONES = {
  error: 'border-danger-600/30 bg-danger-50 text-danger-700',
  success: 'border-success-700/30 bg-success-50 text-success-700',
  warning: 'border-warning-800/30 bg-warning-50 text-warning-800',
} as const;

export function Alert({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-4 py-3 text-sm ${TONES[tone]}`}>
      {children}
    </div>
  );
}
